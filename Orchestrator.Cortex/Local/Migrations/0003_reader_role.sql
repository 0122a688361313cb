-- Statements from clients and models run as this role: it can read the warehouse tables and
-- nothing else. Roles are cluster-wide, so creation tolerates a role made for another database.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warehouse_reader') THEN
        CREATE ROLE warehouse_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO warehouse_reader;
GRANT SELECT ON regions, customers, products, orders, order_lines, returns TO warehouse_reader;
