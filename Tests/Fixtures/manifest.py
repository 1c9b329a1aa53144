"""Prints what a fixture database holds, as its version showed it: the rows of every table, and
for every record its state, status and money columns. The fixture tests compare an upgraded
copy with this.

    python3 Tests/Fixtures/manifest.py FIXTURE.sqlite > FIXTURE.json
"""
import json
import sqlite3
import sys

MONEY = {
    "opportunities": ["estimated_revenue", "estimated_revenue_base", "actual_revenue", "actual_revenue_base",
                      "total_amount", "total_amount_base"],
    "quotes": ["total_amount", "total_amount_base"],
    "orders": ["total_amount", "total_amount_base"],
    "invoices": ["total_amount", "total_amount_base", "amount_paid", "amount_due"],
}

db = sqlite3.connect(sys.argv[1])
version = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
tables = [name for (name,) in db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name NOT LIKE '%_search%' ORDER BY name")]
counts = {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
records = {}
for table in tables:
    columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    if not {"id", "data", "state", "status"} <= set(columns):
        continue
    money = MONEY.get(table, [])
    rows = db.execute(f'SELECT id, state, status{"".join(", " + c for c in money)} FROM "{table}" ORDER BY id')
    records[table] = {row[0]: {"state": row[1], "status": row[2], **dict(zip(money, row[3:]))} for row in rows}
json.dump({"version": version, "counts": counts, "records": records}, sys.stdout, indent=1, sort_keys=True)
print()
