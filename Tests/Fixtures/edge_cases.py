"""Adds the edge cases of the migration fixtures to a Vendo server filled with the demo company.

Run by scripts/make-fixture against the *released* version a fixture stands for, through its own
REST API (so that every record is what that version wrote):

    python3 Tests/Fixtures/edge_cases.py http://127.0.0.1:PORT API_TOKEN

Only the standard library: the fixture must be reproducible on a bare machine.
"""
import json
import sys
import urllib.error
import urllib.request

BASE, TOKEN = sys.argv[1], sys.argv[2]
# The request schemas of the version being driven: later versions take fields earlier ones refuse.
SCHEMAS = {}
PATHS = {}


def call(method, path, body=None, expect=(200, 201, 204)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        text, status = error.read().decode(), error.code
    if status not in expect:
        sys.exit(f"{method} {path}: {status} {text}")
    return json.loads(text) if text else None


def post(path, body=None):
    return call("POST", path, body if body is not None else {})


def line(product=None, quantity="1", **extra):
    body = {"quantity": quantity}
    if product:
        body["productId"] = product
    body.update(extra)
    return body


def main():
    global SCHEMAS, PATHS
    with urllib.request.urlopen(BASE + "/openapi.json") as response:
        document = json.loads(response.read())
        SCHEMAS, PATHS = document["components"]["schemas"], document["paths"]
    admin = call("GET", "/api/v1/session")
    products = call("GET", "/api/v1/products?limit=50")["items"]
    published = [p["id"] for p in products if p.get("state") == "active"] or [p["id"] for p in products]

    # Yen: a currency without decimals, a price list in it, and the whole process in yen.
    post("/api/v1/currencies", {"code": "JPY", "name": "Yen", "symbol": "¥", "precision": 0, "exchangeRate": "162.5"})
    yen_list = post("/api/v1/price-lists", {"name": "Japan", "currency": "JPY", "state": "active"})
    account = post("/api/v1/accounts", {"name": "Kyoto Stationery KK", "website": "https://kyoto.example.jp",
                                        "address": {"line1": "1 Shijo", "city": "Kyoto", "postalCode": "600-8001",
                                                    "country": "Japan"}})
    contact = post("/api/v1/contacts", {"firstName": "Yui", "lastName": "Tanaka", "email": "yui@kyoto.example.jp",
                                        "accountId": account["id"]})
    opportunity = post("/api/v1/opportunities", {"name": "Desks for Kyoto", "customerId": account["id"],
                                                 "customerType": "account", "currency": "JPY", "contactId": contact["id"]})
    post(f"/api/v1/opportunities/{opportunity['id']}/lines",
         line(writeInName="Standing desk", quantity="3", pricePerUnit="84999", taxRate="10"))
    post(f"/api/v1/opportunities/{opportunity['id']}/lines",
         line(writeInName="Delivery", quantity="1", pricePerUnit="12000", taxRate="10", manualDiscount="1500"))
    quote = post(f"/api/v1/opportunities/{opportunity['id']}/quotes")
    quote = post(f"/api/v1/quotes/{quote['id']}/activate")
    # A revision: the first quote is closed as revised, the second one is won.
    revised = post(f"/api/v1/quotes/{quote['id']}/revise")
    call("PATCH", f"/api/v1/quotes/{revised['id']}", {"discountPercent": "5"})
    revised = post(f"/api/v1/quotes/{revised['id']}/activate")
    order = post(f"/api/v1/quotes/{revised['id']}/order", {"winOpportunity": True})
    # A partial invoice (one line of two), issued and paid in part; then the rest, issued and paid.
    order_lines = call("GET", f"/api/v1/orders/{order['id']}/lines")["items"]
    first = post(f"/api/v1/orders/{order['id']}/invoice",
                 {"lines": [{"orderLineId": order_lines[0]["id"], "quantity": "2"}]})
    first = post(f"/api/v1/invoices/{first['id']}/issue")
    post(f"/api/v1/invoices/{first['id']}/payments", {"amount": "100000", "method": "bankTransfer", "reference": "JP-1"})
    rest = post(f"/api/v1/orders/{order['id']}/invoice")
    rest = post(f"/api/v1/invoices/{rest['id']}/issue")
    post(f"/api/v1/invoices/{rest['id']}/payments", {"amount": str(rest["amountDue"]), "method": "card"})

    # A credit note: an issued invoice without payment, cancelled.
    # A French business customer with what an invoice must name (later versions refuse to issue without).
    dupont = {"name": "Atelier Dupont", "website": "https://dupont.example.fr",
              "address": {"line1": "3 quai Saint-Antoine", "city": "Lyon", "postalCode": "69002", "country": "France"}}
    if "registrationNumber" in SCHEMAS.get("AccountInput", {}).get("properties", {}):
        dupont["registrationNumber"] = "732829320"
    euro = post("/api/v1/accounts", dupont)
    invoice = post("/api/v1/invoices", {"name": "Repair", "customerId": euro["id"], "customerType": "account",
                                        "currency": "EUR"})
    post(f"/api/v1/invoices/{invoice['id']}/lines", line(writeInName="Repair", quantity="2", pricePerUnit="80.50",
                                                         taxRate="20"))
    post(f"/api/v1/invoices/{invoice['id']}/lines", line(writeInName="Parts", quantity="1", pricePerUnit="12.34",
                                                         taxRate="5.5"))
    invoice = post(f"/api/v1/invoices/{invoice['id']}/issue")
    post(f"/api/v1/invoices/{invoice['id']}/cancel")
    # A draft invoice cancelled, and one left as a draft with freight and a document discount.
    dropped = post("/api/v1/invoices", {"name": "Dropped", "customerId": euro["id"], "customerType": "account",
                                        "currency": "EUR"})
    post(f"/api/v1/invoices/{dropped['id']}/cancel")
    draft = post("/api/v1/invoices", {"name": "Draft", "customerId": euro["id"], "customerType": "account",
                                      "currency": "EUR", "freightAmount": "25", "freightTaxRate": "20"})
    post(f"/api/v1/invoices/{draft['id']}/lines", line(writeInName="Service", quantity="3", pricePerUnit="99.99",
                                                       taxRate="20"))
    call("PATCH", f"/api/v1/invoices/{draft['id']}", {"discountAmount": "10"})

    # Orders cancelled and fulfilled in part; quotes closed as lost and as cancelled; a draft quote.
    for fate in ("cancel", "partial"):
        o = post("/api/v1/orders", {"name": f"Order to {fate}", "customerId": euro["id"], "customerType": "account",
                                    "currency": "EUR"})
        post(f"/api/v1/orders/{o['id']}/lines", line(writeInName="Chair", quantity="4", pricePerUnit="59", taxRate="20"))
        if fate == "cancel":
            post(f"/api/v1/orders/{o['id']}/cancel", {"description": "Customer changed their mind"})
        else:
            post(f"/api/v1/orders/{o['id']}/fulfill", {"status": "partial"})
    for status in ("lost", "canceled", None):
        q = post("/api/v1/quotes", {"name": f"Quote {status or 'draft'}", "customerId": euro["id"],
                                    "customerType": "account", "currency": "EUR", "freightAmount": "9.90"})
        post(f"/api/v1/quotes/{q['id']}/lines", line(writeInName="Lamp", quantity="7", pricePerUnit="19.99",
                                                     taxRate="20"))
        if status:
            post(f"/api/v1/quotes/{q['id']}/activate")
            post(f"/api/v1/quotes/{q['id']}/close", {"status": status})

    # A competitor that took a deal, and a deal reopened after it was lost.
    rival = post("/api/v1/competitors", {"name": "Bureau Express", "website": "https://bureau.example.com"})
    for reopen in (False, True):
        o = post("/api/v1/opportunities", {"name": f"Lost deal {reopen}", "customerId": euro["id"],
                                           "customerType": "account", "currency": "EUR", "competitorIds": [rival["id"]]})
        post(f"/api/v1/opportunities/{o['id']}/lose", {"status": "outSold", "competitorId": rival["id"],
                                                       "description": "Cheaper"})
        if reopen:
            post(f"/api/v1/opportunities/{o['id']}/reopen")

    # A custom process with three stages; a deal in its last stage; then its middle stage removed.
    stages = [{"key": key, "labels": {"en": key.title(), "fr": key.title()}, "probability": p, "steps": []}
              for key, p in (("discover", 10), ("demo", 40), ("negotiate", 70))]
    process = post("/api/v1/processes", {"name": "Field sales", "isDefault": False, "stages": stages})
    deal = post("/api/v1/opportunities", {"name": "Field deal", "customerId": euro["id"], "customerType": "account",
                                          "currency": "EUR", "processId": process["id"]})
    post(f"/api/v1/opportunities/{deal['id']}/stage", {"stage": "demo"})
    post(f"/api/v1/opportunities/{deal['id']}/stage", {"stage": "negotiate"})
    call("PUT", f"/api/v1/processes/{process['id']}",
         {"name": "Field sales", "isDefault": False, "stages": [stages[0], stages[2]]})
    lead_in_process = post("/api/v1/leads", {"topic": "Field lead", "lastName": "Roux", "processId": process["id"]})

    # Merged records: two leads, two accounts and two contacts that are the same.
    a = post("/api/v1/leads", {"topic": "Chairs", "lastName": "Petit", "email": "petit@merge.example.com"})
    b = post("/api/v1/leads", {"topic": "Chairs again", "lastName": "Petit", "email": "petit@merge.example.com",
                               "phone": "+33 4 78 00 00 00"})
    post(f"/api/v1/leads/{a['id']}/merge", {"duplicateId": b["id"], "take": ["phone"]})
    x = post("/api/v1/accounts", {"name": "Merge SA", "website": "https://merge.example.com"})
    y = post("/api/v1/accounts", {"name": "Merge S.A.", "website": "https://merge.example.com", "phone": "+33 1 00 00 00 00"})
    post("/api/v1/contacts", {"lastName": "Blanc", "accountId": y["id"]})
    post(f"/api/v1/accounts/{x['id']}/merge", {"duplicateId": y["id"], "take": ["phone"]})
    c = post("/api/v1/contacts", {"lastName": "Noir", "email": "noir@merge.example.com", "accountId": x["id"]})
    d = post("/api/v1/contacts", {"lastName": "Noir", "email": "noir@merge.example.com", "jobTitle": "Buyer"})
    post(f"/api/v1/contacts/{c['id']}/merge", {"duplicateId": d["id"], "take": ["jobTitle"]})

    # Leads in every state: qualified into an existing account, disqualified, reactivated.
    q = post("/api/v1/leads", {"topic": "Existing customer", "lastName": "Vert", "companyName": "Merge SA"})
    post(f"/api/v1/leads/{q['id']}/qualify", {"createAccount": False, "createContact": True, "createOpportunity": True,
                                              "existingAccountId": x["id"], "allowDuplicates": True})
    r = post("/api/v1/leads", {"topic": "Came back", "lastName": "Gris"})
    post(f"/api/v1/leads/{r['id']}/disqualify", {"status": "noLongerInterested"})
    post(f"/api/v1/leads/{r['id']}/reactivate")

    # Activities in every state, and a JPY opportunity's task.
    for state in ("complete", "cancel", None):
        act = post("/api/v1/activities", {"type": "phoneCall", "regardingType": "opportunity",
                                          "regardingId": opportunity["id"], "subject": f"Call ({state or 'open'})"})
        if state:
            post(f"/api/v1/activities/{act['id']}/{state}")
    post("/api/v1/activities", {"type": "appointment", "regardingType": "lead", "regardingId": lead_in_process["id"],
                                "subject": "Visit", "startAt": "2026-12-20T09:00:00Z", "endAt": "2026-12-20T10:00:00Z"})

    # A capture form with a lead it captured, and a webhook with deliveries waiting.
    post("/api/v1/capture-forms", {"key": "contact-us", "name": "Contact us",
                                   "fields": [{"name": n, "target": n, "required": n != "firstName"}
                                              for n in ("firstName", "lastName", "email")],
                                   "source": "web", "topic": "Website enquiry", "allowedOrigins": ["https://dupont.example.fr"],
                                   "honeypot": "website_url", "active": True})
    webhook = post("/api/v1/webhooks", {"url": "https://hooks.example.com/vendo", "events": ["lead.created", "invoice.paid"],
                                        "description": "CRM mirror", "active": True})
    request = urllib.request.Request(BASE + "/capture/contact-us", method="POST",
                                     data=b"firstName=Lea&lastName=Fontaine&email=lea%40example.org",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:
        if error.code not in (200, 201, 303):
            sys.exit(f"capture: {error.code} {error.read().decode()}")
    post("/api/v1/leads", {"topic": "After the webhook", "lastName": "Leroy", "source": "partner"})
    if "/api/v1/custom-fields" in PATHS:
        custom_fields(opportunity)
    call("PATCH", f"/api/v1/webhooks/{webhook['id']}", {"active": False})
    print(f"edge cases added as {admin['email']}")


def custom_fields(opportunity):
    """Custom fields of several types (one retired), with values on leads and an opportunity."""
    def field(record_type, key, type_, **extra):
        return post("/api/v1/custom-fields", dict({"recordType": record_type, "key": key, "type": type_,
                                                   "labels": {"en": key.title(), "fr": key.title()}}, **extra))
    choices = [{"value": v, "labels": {"en": v.title(), "fr": v.title()}} for v in ("north", "south", "export")]
    field("lead", "region", "choice", choices=choices)
    field("lead", "fleet", "integer")
    field("lead", "tags", "multipleChoice", choices=choices)
    field("lead", "vip", "yesNo")
    old = field("lead", "legacy", "text")
    field("opportunity", "margin", "decimal")
    post("/api/v1/leads", {"topic": "Vans for the north", "lastName": "Roux",
                           "customFields": {"region": "north", "fleet": 40, "tags": ["north", "export"], "vip": True,
                                            "legacy": "kept after retiring"}})
    post("/api/v1/leads", {"topic": "Vans for the south", "lastName": "Blanc", "customFields": {"region": "south", "fleet": 9}})
    call("PATCH", f"/api/v1/custom-fields/{old['id']}", {"active": False})
    post("/api/v1/opportunities", {"name": "Vans with a margin", "customerId": opportunity["customerId"],
                                   "customerType": "account", "currency": "JPY", "customFields": {"margin": "12.50"}})


main()
