extension Migration {
    static let initialSchema = Migration(version: 1, name: "initial schema", statements: [
        "CREATE TABLE settings (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, data TEXT NOT NULL)",
        "CREATE TABLE currencies (code TEXT PRIMARY KEY, version BIGINT NOT NULL, data TEXT NOT NULL)",
        "CREATE TABLE number_sequences (name TEXT PRIMARY KEY, last_value BIGINT NOT NULL)",
        """
        CREATE TABLE history (
            id TEXT PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL, at BIGINT NOT NULL,
            position BIGINT NOT NULL, user_id TEXT NOT NULL, action TEXT NOT NULL,
            field TEXT, old_value TEXT, new_value TEXT)
        """,
        "CREATE INDEX history_record ON history (record_type, record_id, at, position)",

        recordTable("users", "email_key TEXT NOT NULL UNIQUE"),
        recordTable("leads", "source TEXT, email_key TEXT, company_key TEXT, qualifying_opportunity_id TEXT, estimated_close_date TEXT"),
        filterIndex("leads", "source"), filterIndex("leads", "email_key"), filterIndex("leads", "qualifying_opportunity_id"),
        recordTable("accounts", "name_key TEXT NOT NULL, website_domain TEXT, originating_lead_id TEXT"),
        filterIndex("accounts", "name_key"), filterIndex("accounts", "website_domain"), filterIndex("accounts", "originating_lead_id"),
        recordTable("contacts", "email_key TEXT, account_id TEXT, originating_lead_id TEXT"),
        filterIndex("contacts", "email_key"), filterIndex("contacts", "account_id"), filterIndex("contacts", "originating_lead_id"),
        recordTable("competitors"),
        recordTable("unit_groups"),
        recordTable("units", "group_id TEXT NOT NULL"),
        filterIndex("units", "group_id"),
        recordTable("tax_rates"),
        recordTable("products", "number_key TEXT NOT NULL UNIQUE, unit_id TEXT NOT NULL"),
        filterIndex("products", "unit_id"),
        recordTable("price_lists", "currency TEXT NOT NULL"),
        filterIndex("price_lists", "currency"),
        recordTable("price_list_items", """
            price_list_id TEXT NOT NULL, product_id TEXT NOT NULL, unit_id TEXT NOT NULL, discount_list_id TEXT,
            UNIQUE (price_list_id, product_id, unit_id)
            """),
        filterIndex("price_list_items", "product_id"), filterIndex("price_list_items", "discount_list_id"),
        recordTable("discount_lists"),
        recordTable("opportunities", """
            customer_type TEXT NOT NULL, customer_id TEXT NOT NULL, contact_id TEXT, originating_lead_id TEXT,
            price_list_id TEXT, currency TEXT NOT NULL, forecast_category TEXT NOT NULL, estimated_close_date TEXT,
            estimated_revenue BIGINT, estimated_revenue_base BIGINT, actual_revenue BIGINT, actual_close_date TEXT,
            total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL
            """),
        filterIndex("opportunities", "customer_id"), filterIndex("opportunities", "contact_id"),
        filterIndex("opportunities", "originating_lead_id"), filterIndex("opportunities", "forecast_category"),
        filterIndex("opportunities", "estimated_close_date"), filterIndex("opportunities", "price_list_id"),
        recordTable("quotes", """
            number TEXT NOT NULL, revision_number BIGINT NOT NULL, opportunity_id TEXT, customer_id TEXT NOT NULL,
            price_list_id TEXT, currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL,
            UNIQUE (number, revision_number)
            """),
        filterIndex("quotes", "opportunity_id"), filterIndex("quotes", "customer_id"), filterIndex("quotes", "price_list_id"),
        recordTable("orders", """
            number TEXT NOT NULL UNIQUE, quote_id TEXT, opportunity_id TEXT, customer_id TEXT NOT NULL, price_list_id TEXT,
            currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL
            """),
        filterIndex("orders", "quote_id"), filterIndex("orders", "opportunity_id"), filterIndex("orders", "customer_id"),
        filterIndex("orders", "price_list_id"),
        recordTable("invoices", """
            number TEXT UNIQUE, kind TEXT NOT NULL, order_id TEXT, opportunity_id TEXT, customer_id TEXT NOT NULL,
            credited_invoice_id TEXT, currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL,
            amount_paid BIGINT NOT NULL, amount_due BIGINT NOT NULL, issued_at BIGINT, due_date TEXT
            """),
        filterIndex("invoices", "order_id"), filterIndex("invoices", "opportunity_id"), filterIndex("invoices", "customer_id"),
        filterIndex("invoices", "kind"), filterIndex("invoices", "due_date"),
        recordTable("close_records", "regarding_type TEXT NOT NULL, regarding_id TEXT NOT NULL, competitor_id TEXT"),
        filterIndex("close_records", "regarding_id"),
    ] + ["users", "leads", "accounts", "contacts", "competitors", "unit_groups", "units", "tax_rates", "products",
         "price_lists", "price_list_items", "discount_lists", "opportunities", "quotes", "orders", "invoices",
         "close_records"].flatMap(recordIndexes))
}
