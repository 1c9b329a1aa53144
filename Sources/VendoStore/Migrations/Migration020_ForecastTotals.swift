import SQLKit

extension Migration {
    /// The forecast report's sums, kept by triggers as opportunities change: per close day,
    /// state (open or won), forecast category and owner, how many opportunities and their
    /// revenue in base currency (estimated while open, actual once won). The report read every
    /// open and won opportunity (1.4 s at 200 thousand of them); it now reads a few rows per day
    /// of its period. The day is the estimated close date of an open opportunity and the actual
    /// close date of a won one; a missing day or category is kept as ''.
    ///
    /// The table is derived: `migrate-data` leaves it out, and the triggers rebuild it as the
    /// opportunities are copied.
    static let forecastTotals = Migration(version: 20, name: "forecast totals", statements: [
        """
        CREATE TABLE forecast_totals (
            day TEXT NOT NULL, state TEXT NOT NULL, category TEXT NOT NULL, owner_id TEXT NOT NULL,
            n BIGINT NOT NULL, total BIGINT NOT NULL,
            PRIMARY KEY (day, state, category, owner_id))
        """,
        """
        INSERT INTO forecast_totals (day, state, category, owner_id, n, total)
        SELECT COALESCE(CASE state WHEN 'won' THEN actual_close_date ELSE estimated_close_date END, ''), state,
               COALESCE(forecast_category, ''), owner_id, COUNT(*),
               CAST(COALESCE(SUM(CASE state WHEN 'won' THEN actual_revenue_base ELSE estimated_revenue_base END), 0) AS BIGINT)
        FROM opportunities WHERE state IN ('open', 'won')
        GROUP BY COALESCE(CASE state WHEN 'won' THEN actual_close_date ELSE estimated_close_date END, ''), state,
                 COALESCE(forecast_category, ''), owner_id
        """,
    ], backfill: { tx in
        for statement in tx.dialect == .postgres ? forecastTriggersPostgres : forecastTriggersSQLite {
            try await tx.run(SQLQueryString(statement))
        }
    })

    private static let forecastTriggersSQLite = [
        """
        CREATE TRIGGER opportunities_forecast_insert AFTER INSERT ON opportunities WHEN new.state IN ('open', 'won') BEGIN
            INSERT INTO forecast_totals (day, state, category, owner_id, n, total)
            VALUES (COALESCE(CASE new.state WHEN 'won' THEN new.actual_close_date ELSE new.estimated_close_date END, ''), new.state,
                    COALESCE(new.forecast_category, ''), new.owner_id, 1,
                    COALESCE(CASE new.state WHEN 'won' THEN new.actual_revenue_base ELSE new.estimated_revenue_base END, 0))
            ON CONFLICT (day, state, category, owner_id) DO UPDATE SET n = n + 1, total = total + excluded.total;
        END
        """,
        """
        CREATE TRIGGER opportunities_forecast_delete AFTER DELETE ON opportunities WHEN old.state IN ('open', 'won') BEGIN
            UPDATE forecast_totals
            SET n = n - 1, total = total - COALESCE(CASE old.state WHEN 'won' THEN old.actual_revenue_base ELSE old.estimated_revenue_base END, 0)
            WHERE day = COALESCE(CASE old.state WHEN 'won' THEN old.actual_close_date ELSE old.estimated_close_date END, '')
              AND state = old.state AND category = COALESCE(old.forecast_category, '') AND owner_id = old.owner_id;
        END
        """,
        """
        CREATE TRIGGER opportunities_forecast_update AFTER UPDATE ON opportunities
        WHEN (old.state IN ('open', 'won') OR new.state IN ('open', 'won'))
         AND (old.state IS NOT new.state OR old.forecast_category IS NOT new.forecast_category OR old.owner_id IS NOT new.owner_id
              OR old.estimated_close_date IS NOT new.estimated_close_date OR old.actual_close_date IS NOT new.actual_close_date
              OR old.estimated_revenue_base IS NOT new.estimated_revenue_base OR old.actual_revenue_base IS NOT new.actual_revenue_base)
        BEGIN
            UPDATE forecast_totals
            SET n = n - 1, total = total - COALESCE(CASE old.state WHEN 'won' THEN old.actual_revenue_base ELSE old.estimated_revenue_base END, 0)
            WHERE old.state IN ('open', 'won')
              AND day = COALESCE(CASE old.state WHEN 'won' THEN old.actual_close_date ELSE old.estimated_close_date END, '')
              AND state = old.state AND category = COALESCE(old.forecast_category, '') AND owner_id = old.owner_id;
            INSERT INTO forecast_totals (day, state, category, owner_id, n, total)
            SELECT COALESCE(CASE new.state WHEN 'won' THEN new.actual_close_date ELSE new.estimated_close_date END, ''), new.state,
                   COALESCE(new.forecast_category, ''), new.owner_id, 1,
                   COALESCE(CASE new.state WHEN 'won' THEN new.actual_revenue_base ELSE new.estimated_revenue_base END, 0)
            WHERE new.state IN ('open', 'won')
            ON CONFLICT (day, state, category, owner_id) DO UPDATE SET n = n + 1, total = total + excluded.total;
        END
        """,
    ]

    private static let forecastTriggersPostgres = [
        """
        CREATE FUNCTION vendo_forecast_totals() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('open', 'won') THEN
                UPDATE forecast_totals
                SET n = n - 1,
                    total = total - COALESCE(CASE OLD.state WHEN 'won' THEN OLD.actual_revenue_base ELSE OLD.estimated_revenue_base END, 0)
                WHERE day = COALESCE(CASE OLD.state WHEN 'won' THEN OLD.actual_close_date ELSE OLD.estimated_close_date END, '')
                  AND state = OLD.state AND category = COALESCE(OLD.forecast_category, '') AND owner_id = OLD.owner_id;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.state IN ('open', 'won') THEN
                INSERT INTO forecast_totals (day, state, category, owner_id, n, total)
                VALUES (COALESCE(CASE NEW.state WHEN 'won' THEN NEW.actual_close_date ELSE NEW.estimated_close_date END, ''), NEW.state,
                        COALESCE(NEW.forecast_category, ''), NEW.owner_id, 1,
                        COALESCE(CASE NEW.state WHEN 'won' THEN NEW.actual_revenue_base ELSE NEW.estimated_revenue_base END, 0))
                ON CONFLICT (day, state, category, owner_id)
                DO UPDATE SET n = forecast_totals.n + 1, total = forecast_totals.total + EXCLUDED.total;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER opportunities_forecast AFTER INSERT OR DELETE ON opportunities
        FOR EACH ROW EXECUTE FUNCTION vendo_forecast_totals()
        """,
        """
        CREATE TRIGGER opportunities_forecast_update AFTER UPDATE ON opportunities FOR EACH ROW
        WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.forecast_category IS DISTINCT FROM NEW.forecast_category
              OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.estimated_close_date IS DISTINCT FROM NEW.estimated_close_date
              OR OLD.actual_close_date IS DISTINCT FROM NEW.actual_close_date
              OR OLD.estimated_revenue_base IS DISTINCT FROM NEW.estimated_revenue_base
              OR OLD.actual_revenue_base IS DISTINCT FROM NEW.actual_revenue_base)
        EXECUTE FUNCTION vendo_forecast_totals()
        """,
    ]
}
