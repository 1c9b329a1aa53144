import SQLKit

extension Migration {
    /// The custom fields' values, one row per value (a multiple choice has a row per choice),
    /// so that a filter or a sort by a custom field reads an index instead of every record's
    /// JSON. Triggers keep the table as records are inserted, changed and deleted.
    ///
    /// `text_value` is the value as text (`true`/`false` for yes/no), its first 200 characters
    /// only: a long text (up to 10,000) would not fit in a PostgreSQL index entry. `number_value`
    /// is set for numbers and for texts that read as decimals (decimal and money fields keep their
    /// value as a text).
    ///
    /// The table is derived: `migrate-data` leaves it out, and the triggers rebuild it as the
    /// records are copied.
    static let customValues = Migration(version: 21, name: "custom values", statements: [
        """
        CREATE TABLE custom_values (
            record_table TEXT NOT NULL, record_id TEXT NOT NULL, key TEXT NOT NULL,
            text_value TEXT NOT NULL, number_value DOUBLE PRECISION)
        """,
        "CREATE INDEX custom_values_record ON custom_values (record_table, record_id)",
        "CREATE INDEX custom_values_text ON custom_values (record_table, key, text_value, record_id)",
        "CREATE INDEX custom_values_number ON custom_values (record_table, key, number_value, record_id)",
    ], backfill: { tx in
        if tx.dialect == .postgres {
            try await tx.run(SQLQueryString(customValuesFunctionPostgres))
        }
        for table in customValueTables {
            let statements = tx.dialect == .postgres ? customValueTriggersPostgres(table) : customValueTriggersSQLite(table)
            for statement in statements { try await tx.run(SQLQueryString(statement)) }
            let fill = tx.dialect == .postgres
                ? "INSERT INTO custom_values (record_table, record_id, key, text_value, number_value) "
                    + postgresValues(table: "'\(table)'", id: "r.id", data: "r.data", from: "\(table) r")
                : sqliteValues(table: table, row: "r", from: "\(table) r")
            try await tx.run(SQLQueryString(fill))
        }
    })

    /// The record tables whose records have custom fields, as this migration found them.
    private static let customValueTables = [
        "leads", "accounts", "contacts", "opportunities", "quotes", "orders", "invoices", "products", "activities",
    ]

    /// An INSERT of every value of the records of `from` (rows named `row`): the scalar values,
    /// then each element of a list.
    private static func sqliteValues(table: String, row: String, from: String) -> String {
        """
        INSERT INTO custom_values (record_table, record_id, key, text_value, number_value)
        SELECT '\(table)', \(row).id, f.key,
               CASE f.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE substr(CAST(f.value AS TEXT), 1, 200) END,
               CASE WHEN f.type IN ('integer', 'real') THEN f.value
                    WHEN f.type = 'text' AND f.value GLOB '*[0-9]*' AND f.value NOT GLOB '*[^0-9.-]*'
                         AND f.value NOT GLOB '?*-*' AND f.value NOT GLOB '*.*.*' THEN CAST(f.value AS REAL) END
        FROM \(from), json_each(\(row).data, '$.fields.customFields') AS f
        WHERE f.type NOT IN ('array', 'object', 'null')
        UNION ALL
        SELECT '\(table)', \(row).id, f.key, substr(CAST(e.value AS TEXT), 1, 200), NULL
        FROM \(from), json_each(\(row).data, '$.fields.customFields') AS f,
             json_each(CASE f.type WHEN 'array' THEN f.value ELSE '[]' END) AS e
        WHERE f.type = 'array' AND e.type NOT IN ('array', 'object', 'null')
        """
    }

    private static func customValueTriggersSQLite(_ table: String) -> [String] {
        let changed = "json_extract(old.data, '$.fields.customFields') IS NOT json_extract(new.data, '$.fields.customFields')"
        let single = "(SELECT new.id AS id, new.data AS data) AS n"
        return [
            "CREATE TRIGGER \(table)_custom_insert AFTER INSERT ON \(table) BEGIN \(sqliteValues(table: table, row: "n", from: single)); END",
            """
            CREATE TRIGGER \(table)_custom_update AFTER UPDATE ON \(table) WHEN \(changed) OR old.id IS NOT new.id BEGIN
                DELETE FROM custom_values WHERE record_table = '\(table)' AND record_id = old.id;
                \(sqliteValues(table: table, row: "n", from: single));
            END
            """,
            """
            CREATE TRIGGER \(table)_custom_delete AFTER DELETE ON \(table) BEGIN
                DELETE FROM custom_values WHERE record_table = '\(table)' AND record_id = old.id;
            END
            """,
        ]
    }

    /// The SELECT of the values of the records `id`, `data` on PostgreSQL: of the rows of `from`,
    /// or of the trigger's one record.
    private static func postgresValues(table: String, id: String, data: String, from: String? = nil) -> String {
        let fields = "jsonb_each(CASE WHEN jsonb_typeof(\(data)::jsonb #> '{fields,customFields}') = 'object' "
            + "THEN \(data)::jsonb #> '{fields,customFields}' ELSE '{}'::jsonb END)"
        return """
            SELECT \(table), \(id), v.key, v.text_value, v.number_value FROM \(from.map { "\($0) CROSS JOIN LATERAL" } ?? "") (
                SELECT f.key AS key, left(f.value #>> '{}', 200) AS text_value,
                       CASE WHEN jsonb_typeof(f.value) = 'number' THEN (f.value #>> '{}')::double precision
                            WHEN jsonb_typeof(f.value) = 'string' AND (f.value #>> '{}') ~ '^-?[0-9]+(\\.[0-9]+)?$'
                                 THEN (f.value #>> '{}')::double precision END AS number_value
                FROM \(fields) AS f
                WHERE jsonb_typeof(f.value) IN ('string', 'number', 'boolean')
                UNION ALL
                SELECT f.key, left(e.value #>> '{}', 200), NULL
                FROM \(fields) AS f,
                     jsonb_array_elements(CASE WHEN jsonb_typeof(f.value) = 'array' THEN f.value ELSE '[]'::jsonb END) AS e
                WHERE jsonb_typeof(e.value) IN ('string', 'number', 'boolean')
            ) AS v
            """
    }

    private static let customValuesFunctionPostgres = """
        CREATE FUNCTION vendo_custom_values() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM custom_values WHERE record_table = TG_TABLE_NAME AND record_id = OLD.id;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                INSERT INTO custom_values (record_table, record_id, key, text_value, number_value)
                \(postgresValues(table: "TG_TABLE_NAME::text", id: "NEW.id", data: "NEW.data"));
            END IF;
            RETURN NULL;
        END
        $$
        """

    private static func customValueTriggersPostgres(_ table: String) -> [String] {
        [
            """
            CREATE TRIGGER \(table)_custom_values AFTER INSERT OR DELETE ON \(table)
            FOR EACH ROW EXECUTE FUNCTION vendo_custom_values()
            """,
            """
            CREATE TRIGGER \(table)_custom_values_update AFTER UPDATE ON \(table) FOR EACH ROW
            WHEN (OLD.id IS DISTINCT FROM NEW.id
                  OR (OLD.data::jsonb #> '{fields,customFields}') IS DISTINCT FROM (NEW.data::jsonb #> '{fields,customFields}'))
            EXECUTE FUNCTION vendo_custom_values()
            """,
        ]
    }
}
