extension Migration {
    /// Version 1: the settings, currencies, numbering and history tables, and a table per record
    /// type of the process. Every record table has the same common columns and sort indexes;
    /// they are written out here as they were on that day, so that later edits cannot change it.
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
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            email_key TEXT NOT NULL UNIQUE)
        """,
        """
        CREATE TABLE leads (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            source TEXT, email_key TEXT, company_key TEXT, qualifying_opportunity_id TEXT, estimated_close_date TEXT)
        """,
        "CREATE INDEX leads_source ON leads (source, created_at, id)",
        "CREATE INDEX leads_email_key ON leads (email_key, created_at, id)",
        "CREATE INDEX leads_qualifying_opportunity_id ON leads (qualifying_opportunity_id, created_at, id)",
        """
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            name_key TEXT NOT NULL, website_domain TEXT, originating_lead_id TEXT)
        """,
        "CREATE INDEX accounts_name_key ON accounts (name_key, created_at, id)",
        "CREATE INDEX accounts_website_domain ON accounts (website_domain, created_at, id)",
        "CREATE INDEX accounts_originating_lead_id ON accounts (originating_lead_id, created_at, id)",
        """
        CREATE TABLE contacts (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            email_key TEXT, account_id TEXT, originating_lead_id TEXT)
        """,
        "CREATE INDEX contacts_email_key ON contacts (email_key, created_at, id)",
        "CREATE INDEX contacts_account_id ON contacts (account_id, created_at, id)",
        "CREATE INDEX contacts_originating_lead_id ON contacts (originating_lead_id, created_at, id)",
        """
        CREATE TABLE competitors (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        """
        CREATE TABLE unit_groups (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        """
        CREATE TABLE units (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            group_id TEXT NOT NULL)
        """,
        "CREATE INDEX units_group_id ON units (group_id, created_at, id)",
        """
        CREATE TABLE tax_rates (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        """
        CREATE TABLE products (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            number_key TEXT NOT NULL UNIQUE, unit_id TEXT NOT NULL)
        """,
        "CREATE INDEX products_unit_id ON products (unit_id, created_at, id)",
        """
        CREATE TABLE price_lists (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            currency TEXT NOT NULL)
        """,
        "CREATE INDEX price_lists_currency ON price_lists (currency, created_at, id)",
        """
        CREATE TABLE price_list_items (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            price_list_id TEXT NOT NULL, product_id TEXT NOT NULL, unit_id TEXT NOT NULL, discount_list_id TEXT,
            UNIQUE (price_list_id, product_id, unit_id))
        """,
        "CREATE INDEX price_list_items_product_id ON price_list_items (product_id, created_at, id)",
        "CREATE INDEX price_list_items_discount_list_id ON price_list_items (discount_list_id, created_at, id)",
        """
        CREATE TABLE discount_lists (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        """
        CREATE TABLE opportunities (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            customer_type TEXT NOT NULL, customer_id TEXT NOT NULL, contact_id TEXT, originating_lead_id TEXT,
            price_list_id TEXT, currency TEXT NOT NULL, forecast_category TEXT NOT NULL, estimated_close_date TEXT,
            estimated_revenue BIGINT, estimated_revenue_base BIGINT, actual_revenue BIGINT, actual_close_date TEXT,
            total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL)
        """,
        "CREATE INDEX opportunities_customer_id ON opportunities (customer_id, created_at, id)",
        "CREATE INDEX opportunities_contact_id ON opportunities (contact_id, created_at, id)",
        "CREATE INDEX opportunities_originating_lead_id ON opportunities (originating_lead_id, created_at, id)",
        "CREATE INDEX opportunities_forecast_category ON opportunities (forecast_category, created_at, id)",
        "CREATE INDEX opportunities_estimated_close_date ON opportunities (estimated_close_date, created_at, id)",
        "CREATE INDEX opportunities_price_list_id ON opportunities (price_list_id, created_at, id)",
        """
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            number TEXT NOT NULL, revision_number BIGINT NOT NULL, opportunity_id TEXT, customer_id TEXT NOT NULL,
            price_list_id TEXT, currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL,
            UNIQUE (number, revision_number))
        """,
        "CREATE INDEX quotes_opportunity_id ON quotes (opportunity_id, created_at, id)",
        "CREATE INDEX quotes_customer_id ON quotes (customer_id, created_at, id)",
        "CREATE INDEX quotes_price_list_id ON quotes (price_list_id, created_at, id)",
        """
        CREATE TABLE orders (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            number TEXT NOT NULL UNIQUE, quote_id TEXT, opportunity_id TEXT, customer_id TEXT NOT NULL, price_list_id TEXT,
            currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL)
        """,
        "CREATE INDEX orders_quote_id ON orders (quote_id, created_at, id)",
        "CREATE INDEX orders_opportunity_id ON orders (opportunity_id, created_at, id)",
        "CREATE INDEX orders_customer_id ON orders (customer_id, created_at, id)",
        "CREATE INDEX orders_price_list_id ON orders (price_list_id, created_at, id)",
        """
        CREATE TABLE invoices (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            number TEXT UNIQUE, kind TEXT NOT NULL, order_id TEXT, opportunity_id TEXT, customer_id TEXT NOT NULL,
            credited_invoice_id TEXT, currency TEXT NOT NULL, total_amount BIGINT NOT NULL, total_amount_base BIGINT NOT NULL,
            amount_paid BIGINT NOT NULL, amount_due BIGINT NOT NULL, issued_at BIGINT, due_date TEXT)
        """,
        "CREATE INDEX invoices_order_id ON invoices (order_id, created_at, id)",
        "CREATE INDEX invoices_opportunity_id ON invoices (opportunity_id, created_at, id)",
        "CREATE INDEX invoices_customer_id ON invoices (customer_id, created_at, id)",
        "CREATE INDEX invoices_kind ON invoices (kind, created_at, id)",
        "CREATE INDEX invoices_due_date ON invoices (due_date, created_at, id)",
        """
        CREATE TABLE close_records (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            regarding_type TEXT NOT NULL, regarding_id TEXT NOT NULL, competitor_id TEXT)
        """,
        "CREATE INDEX close_records_regarding_id ON close_records (regarding_id, created_at, id)",
        "CREATE INDEX users_created ON users (created_at, id)",
        "CREATE INDEX users_modified ON users (modified_at, id)",
        "CREATE INDEX users_state ON users (state, created_at, id)",
        "CREATE INDEX users_status ON users (status, created_at, id)",
        "CREATE INDEX users_owner ON users (owner_id, created_at, id)",
        "CREATE INDEX leads_created ON leads (created_at, id)",
        "CREATE INDEX leads_modified ON leads (modified_at, id)",
        "CREATE INDEX leads_state ON leads (state, created_at, id)",
        "CREATE INDEX leads_status ON leads (status, created_at, id)",
        "CREATE INDEX leads_owner ON leads (owner_id, created_at, id)",
        "CREATE INDEX accounts_created ON accounts (created_at, id)",
        "CREATE INDEX accounts_modified ON accounts (modified_at, id)",
        "CREATE INDEX accounts_state ON accounts (state, created_at, id)",
        "CREATE INDEX accounts_status ON accounts (status, created_at, id)",
        "CREATE INDEX accounts_owner ON accounts (owner_id, created_at, id)",
        "CREATE INDEX contacts_created ON contacts (created_at, id)",
        "CREATE INDEX contacts_modified ON contacts (modified_at, id)",
        "CREATE INDEX contacts_state ON contacts (state, created_at, id)",
        "CREATE INDEX contacts_status ON contacts (status, created_at, id)",
        "CREATE INDEX contacts_owner ON contacts (owner_id, created_at, id)",
        "CREATE INDEX competitors_created ON competitors (created_at, id)",
        "CREATE INDEX competitors_modified ON competitors (modified_at, id)",
        "CREATE INDEX competitors_state ON competitors (state, created_at, id)",
        "CREATE INDEX competitors_status ON competitors (status, created_at, id)",
        "CREATE INDEX competitors_owner ON competitors (owner_id, created_at, id)",
        "CREATE INDEX unit_groups_created ON unit_groups (created_at, id)",
        "CREATE INDEX unit_groups_modified ON unit_groups (modified_at, id)",
        "CREATE INDEX unit_groups_state ON unit_groups (state, created_at, id)",
        "CREATE INDEX unit_groups_status ON unit_groups (status, created_at, id)",
        "CREATE INDEX unit_groups_owner ON unit_groups (owner_id, created_at, id)",
        "CREATE INDEX units_created ON units (created_at, id)",
        "CREATE INDEX units_modified ON units (modified_at, id)",
        "CREATE INDEX units_state ON units (state, created_at, id)",
        "CREATE INDEX units_status ON units (status, created_at, id)",
        "CREATE INDEX units_owner ON units (owner_id, created_at, id)",
        "CREATE INDEX tax_rates_created ON tax_rates (created_at, id)",
        "CREATE INDEX tax_rates_modified ON tax_rates (modified_at, id)",
        "CREATE INDEX tax_rates_state ON tax_rates (state, created_at, id)",
        "CREATE INDEX tax_rates_status ON tax_rates (status, created_at, id)",
        "CREATE INDEX tax_rates_owner ON tax_rates (owner_id, created_at, id)",
        "CREATE INDEX products_created ON products (created_at, id)",
        "CREATE INDEX products_modified ON products (modified_at, id)",
        "CREATE INDEX products_state ON products (state, created_at, id)",
        "CREATE INDEX products_status ON products (status, created_at, id)",
        "CREATE INDEX products_owner ON products (owner_id, created_at, id)",
        "CREATE INDEX price_lists_created ON price_lists (created_at, id)",
        "CREATE INDEX price_lists_modified ON price_lists (modified_at, id)",
        "CREATE INDEX price_lists_state ON price_lists (state, created_at, id)",
        "CREATE INDEX price_lists_status ON price_lists (status, created_at, id)",
        "CREATE INDEX price_lists_owner ON price_lists (owner_id, created_at, id)",
        "CREATE INDEX price_list_items_created ON price_list_items (created_at, id)",
        "CREATE INDEX price_list_items_modified ON price_list_items (modified_at, id)",
        "CREATE INDEX price_list_items_state ON price_list_items (state, created_at, id)",
        "CREATE INDEX price_list_items_status ON price_list_items (status, created_at, id)",
        "CREATE INDEX price_list_items_owner ON price_list_items (owner_id, created_at, id)",
        "CREATE INDEX discount_lists_created ON discount_lists (created_at, id)",
        "CREATE INDEX discount_lists_modified ON discount_lists (modified_at, id)",
        "CREATE INDEX discount_lists_state ON discount_lists (state, created_at, id)",
        "CREATE INDEX discount_lists_status ON discount_lists (status, created_at, id)",
        "CREATE INDEX discount_lists_owner ON discount_lists (owner_id, created_at, id)",
        "CREATE INDEX opportunities_created ON opportunities (created_at, id)",
        "CREATE INDEX opportunities_modified ON opportunities (modified_at, id)",
        "CREATE INDEX opportunities_state ON opportunities (state, created_at, id)",
        "CREATE INDEX opportunities_status ON opportunities (status, created_at, id)",
        "CREATE INDEX opportunities_owner ON opportunities (owner_id, created_at, id)",
        "CREATE INDEX quotes_created ON quotes (created_at, id)",
        "CREATE INDEX quotes_modified ON quotes (modified_at, id)",
        "CREATE INDEX quotes_state ON quotes (state, created_at, id)",
        "CREATE INDEX quotes_status ON quotes (status, created_at, id)",
        "CREATE INDEX quotes_owner ON quotes (owner_id, created_at, id)",
        "CREATE INDEX orders_created ON orders (created_at, id)",
        "CREATE INDEX orders_modified ON orders (modified_at, id)",
        "CREATE INDEX orders_state ON orders (state, created_at, id)",
        "CREATE INDEX orders_status ON orders (status, created_at, id)",
        "CREATE INDEX orders_owner ON orders (owner_id, created_at, id)",
        "CREATE INDEX invoices_created ON invoices (created_at, id)",
        "CREATE INDEX invoices_modified ON invoices (modified_at, id)",
        "CREATE INDEX invoices_state ON invoices (state, created_at, id)",
        "CREATE INDEX invoices_status ON invoices (status, created_at, id)",
        "CREATE INDEX invoices_owner ON invoices (owner_id, created_at, id)",
        "CREATE INDEX close_records_created ON close_records (created_at, id)",
        "CREATE INDEX close_records_modified ON close_records (modified_at, id)",
        "CREATE INDEX close_records_state ON close_records (state, created_at, id)",
        "CREATE INDEX close_records_status ON close_records (status, created_at, id)",
        "CREATE INDEX close_records_owner ON close_records (owner_id, created_at, id)",
    ])
}
