"""The browser suite: a real Chromium (Debian's chromium and chromium-driver) against a running
`vendo serve --demo`, driven by Selenium. Run by scripts/browser-tests, which starts the server
and passes its address in VENDO_URL and a folder for screenshots in VENDO_SCREENSHOTS."""

import glob
import http.cookiejar
import http.server
import json
import os
import re
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

from selenium import webdriver
from selenium_axe_python import Axe
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["VENDO_URL"]
SHOTS = os.environ.get("VENDO_SCREENSHOTS", "")
PASSWORD = "vendo-demo-2026"
MAIL = os.environ["VENDO_MAIL_DIR"]
# Photos of business cards drawn by scripts/card-samples, with cards.json saying what they carry.
CARDS = os.environ["VENDO_CARD_DIR"]
ADMIN_PASSWORD = os.environ["VENDO_ADMIN_PASSWORD"]


def browser(language="en"):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", f"--lang={language}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    return driver


def assert_accessible(test, driver, label):
    """Runs axe-core (4.9.1, bundled by selenium-axe-python 2.2.0) on the page with every dialog
    opened, so that the forms inside them are checked too, and fails on any violation."""
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    axe = Axe(driver)
    axe.inject()
    version = driver.execute_script("return axe.version")
    test.assertEqual(version, "4.9.1", "the pinned axe-core")
    violations = axe.run()["violations"]
    if violations:
        test.fail(label + ": " + Axe.report(violations))


class Session:
    """One signed-in browser and the steps a salesperson takes."""

    def __init__(self, test, email, language="en", password=PASSWORD):
        self.test = test
        self.d = browser(language)
        self.d.get(BASE + "/sign-in")
        self.d.find_element(By.ID, "email").send_keys(email)
        self.d.find_element(By.ID, "password").send_keys(password)
        self.click(self.d.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
        test.assertIn("Vendo", self.d.title)
        test.assertTrue(self.d.find_elements(By.CSS_SELECTOR, "form[action='/sign-out']"), "sign-in failed for " + email)

    def close(self):
        self.d.quit()

    def go(self, path):
        self.d.get(BASE + path)

    # WebDriver gives no-break spaces as plain ones: the amounts are compared as it reads them.
    def text(self):
        return self.d.find_element(By.TAG_NAME, "main").text

    def flash(self):
        return self.d.find_element(By.CSS_SELECTOR, ".flash").text

    def problem(self):
        return self.d.find_element(By.CSS_SELECTOR, "main .error").text

    def open_dialog(self, summary_text):
        for summary in self.d.find_elements(By.CSS_SELECTOR, "details > summary"):
            if summary.text.strip() == summary_text:
                details = summary.find_element(By.XPATH, "..")
                if details.get_attribute("open") is None:
                    summary.click()
                return details
        raise NoSuchElementException("no dialog " + summary_text)

    def click(self, element, confirm=False, key=False):
        """Submits a form by its button (or Enter on it) and waits for the next page."""
        # A mark on the current document: gone once the next page has loaded.
        self.d.execute_script("window.vendoOldPage = true")
        if key:
            element.send_keys(Keys.ENTER)
        else:
            element.click()
        if confirm:
            WebDriverWait(self.d, 5).until(EC.alert_is_present()).accept()
        WebDriverWait(self.d, 10).until(
            lambda d: d.execute_script("return document.readyState === 'complete' && !window.vendoOldPage"))

    def button(self, text, scope=None):
        scope = scope or self.d
        for button in scope.find_elements(By.CSS_SELECTOR, "button[type=submit]"):
            if button.text.strip() == text:
                return button
        raise NoSuchElementException("no button " + text)

    def total(self):
        return self.d.find_element(By.CSS_SELECTOR, ".lines .totals .grand dd").text

    def shot(self, name):
        if SHOTS:
            self.d.save_screenshot(os.path.join(SHOTS, name + ".png"))

    def record_id(self, kind):
        match = re.search(rf"/{kind}/([0-9a-f-]{{36}})", self.d.current_url)
        self.test.assertIsNotNone(match, f"not on a {kind} page: {self.d.current_url}")
        return match.group(1)

    def new_lead(self, topic, company, fields=None):
        self.go("/leads/new")
        self.d.find_element(By.ID, "topic").send_keys(topic)
        self.d.find_element(By.ID, "firstName").send_keys("Camille")
        self.d.find_element(By.ID, "lastName").send_keys("Test")
        self.d.find_element(By.ID, "companyName").send_keys(company)
        Select(self.d.find_element(By.ID, "source")).select_by_value("web")
        for name, value in (fields or {}).items():
            self.d.find_element(By.ID, name).send_keys(value)
        self.click(self.d.find_element(By.CSS_SELECTOR, "form[action='/leads'] button[type=submit]"))
        return self.record_id("leads")

    def add_line(self, product, quantity, label="Add a line"):
        dialog = self.open_dialog(label)
        Select(dialog.find_element(By.ID, "productId")).select_by_visible_text(product)
        field = dialog.find_element(By.ID, "quantity")
        field.clear()
        field.send_keys(quantity)
        self.click(self.button(label, dialog))


class LeadToCash(unittest.TestCase):
    def test_a_salesperson_takes_a_lead_to_a_paid_invoice(self):
        s = Session(self, "anna@demo.vendo")
        try:
            s.shot("flow-home")
            topic = "Browser suite " + uuid.uuid4().hex[:8]
            # A lead without its topic is refused next to the field, and what was typed stays.
            s.go("/leads/new")
            s.d.find_element(By.ID, "companyName").send_keys("Kept Company")
            s.d.find_element(By.ID, "topic").send_keys(" ")
            s.d.execute_script("document.getElementById('topic').removeAttribute('required')")
            s.click(s.d.find_element(By.CSS_SELECTOR, "form[action='/leads'] button[type=submit]"))
            self.assertEqual(s.d.find_element(By.ID, "topic-error").text, "Required.")
            self.assertEqual(s.d.find_element(By.ID, "companyName").get_attribute("value"), "Kept Company")

            lead = s.new_lead(topic, "Selenium Works " + topic[-8:])
            self.assertIn("Lead created.", s.flash())
            dialog = s.open_dialog("Qualify")
            Select(dialog.find_element(By.ID, "priceListId")).select_by_visible_text("Standard (EUR)")
            s.click(s.button("Qualify", dialog))
            self.assertIn("Lead qualified.", s.flash())
            opportunity = s.record_id("opportunities")
            account = s.d.find_element(By.CSS_SELECTOR, "main a[href^='/accounts/']").get_attribute("href")
            self.assertIn("Develop", s.d.find_element(By.CSS_SELECTOR, ".stage.current").text)

            # Lines: the server's totals (Standard prices, 20 % tax).
            s.add_line('Laptop 14" (LAP-14)', "2")
            # The product menu's search box (script) narrows the choices as one types.
            dialog = s.open_dialog("Add a line")
            dialog.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys("usb dock")
            self.assertEqual(Select(dialog.find_element(By.ID, "productId")).first_selected_option.text, "USB-C dock (DOCK-USB)")
            quantity = dialog.find_element(By.ID, "quantity")
            quantity.clear()
            quantity.send_keys("3")
            s.click(s.button("Add a line", dialog))
            self.assertIn("Line added", s.flash())
            # 2 × 1,150.00 + 3 × 189.00 = 2,867.00; tax 573.40; total 3,440.40
            self.assertEqual(s.total(), "€3,440.40")

            # The process bar refuses Propose until the required steps are done, and names them.
            s.click(s.d.find_element(By.ID, "next-stage"))
            self.assertIn("Complete the required steps first: Customer need, Proposed solution", s.problem())
            dialog = s.open_dialog("Edit")
            dialog.find_element(By.ID, "edit-customerNeed").send_keys("Twelve people to equip")
            dialog.find_element(By.ID, "edit-proposedSolution").send_keys("Laptops with docks")
            s.click(s.button("Save", dialog))
            s.click(s.d.find_element(By.ID, "next-stage"))
            self.assertIn("Stage changed.", s.flash())
            self.assertIn("Propose", s.d.find_element(By.CSS_SELECTOR, ".stage.current").text)
            s.shot("flow-opportunity")

            # Quote: generate, activate, revise, activate again, convert to an order.
            s.click(s.d.find_element(By.ID, "generate-quote"))
            self.assertEqual(s.total(), "€3,440.40")
            s.click(s.d.find_element(By.ID, "action-activate"))
            self.assertIn("Quote activated.", s.flash())
            first_quote = s.record_id("quotes")
            s.click(s.d.find_element(By.ID, "action-revise"))
            self.assertIn("A new revision", s.flash())
            self.assertNotEqual(s.record_id("quotes"), first_quote)
            s.click(s.d.find_element(By.ID, "action-activate"))
            s.shot("flow-quote")
            s.click(s.d.find_element(By.ID, "action-order"), confirm=True)
            self.assertIn("Order created from the quote.", s.flash())

            # Order: fulfil, invoice; invoice: issue, pay.
            s.click(s.d.find_element(By.ID, "action-fulfil"), confirm=True)
            self.assertIn("Order fulfilled.", s.flash())
            s.click(s.d.find_element(By.ID, "action-invoice"))
            self.assertEqual(s.total(), "€3,440.40")
            # The lead had no address: the invoice would not be legal, and issuing says why.
            draft = s.record_id("invoices")
            s.click(s.d.find_element(By.ID, "action-issue"), confirm=True)
            self.assertIn("The customer's billing address needs a street, a city and a country.", s.problem())
            s.d.get(account)
            dialog = s.open_dialog("Edit")
            for name, value in (("edit-line1", "8 place Bellecour"), ("edit-postalCode", "69002"), ("edit-city", "Lyon"),
                                ("edit-country", "France"), ("edit-registrationNumber", "732 829 320")):
                field = dialog.find_element(By.ID, name)
                field.clear()
                field.send_keys(value)
            s.click(s.button("Save", dialog))
            s.go(f"/invoices/{draft}")
            s.click(s.d.find_element(By.ID, "action-issue"), confirm=True)
            self.assertIn("Invoice issued.", s.flash())
            # The kept Factur-X PDF is offered for download.
            self.assertTrue(s.d.find_element(By.CSS_SELECTOR, "a[download]").get_attribute("href").endswith(f"/invoices/{draft}/pdf"))
            self.assertEqual(s.d.find_element(By.ID, "payment-amount").get_attribute("value"), "3,440.40")
            s.d.find_element(By.ID, "payment-reference").send_keys("Transfer 2026-42")
            s.click(s.d.find_element(By.ID, "action-pay"))
            self.assertIn("Payment recorded.", s.flash())
            self.assertIn("Paid", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            self.assertIn("€0.00", s.text())
            self.assertEqual(s.d.find_elements(By.ID, "action-pay"), [])
            invoice = s.record_id("invoices")
            s.go(f"/invoices/{invoice}/print")
            self.assertIn("Northwind Office Supplies", s.text())
            self.assertIn("€3,440.40", s.text())
            s.shot("flow-invoice-print")

            # The opportunity is won, and its lead's page links to it.
            s.go(f"/opportunities/{opportunity}")
            self.assertIn("Won", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            s.go(f"/leads/{lead}")
            self.assertIn("Qualified", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            s.go("/pipeline")
            s.shot("flow-pipeline")
        finally:
            s.close()


class InFrench(unittest.TestCase):
    def test_accept_language_chooses_french_before_sign_in(self):
        d = browser("fr")
        try:
            d.get(BASE + "/sign-in")
            self.assertEqual(d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "fr")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").text, "Se connecter")
        finally:
            d.quit()

    def test_a_french_user_works_in_french_with_french_numbers(self):
        s = Session(self, "louis@demo.vendo", "fr")
        try:
            self.assertIn("Prospects", s.d.find_element(By.CSS_SELECTOR, "header nav").text)
            s.go("/leads/new")
            s.d.find_element(By.ID, "budgetAmount").send_keys("12 000,50")
            s.d.find_element(By.ID, "topic").send_keys(" ")
            s.d.execute_script("document.getElementById('topic').removeAttribute('required')")
            s.click(s.d.find_element(By.CSS_SELECTOR, "form[action='/leads'] button[type=submit]"))
            self.assertEqual(s.d.find_element(By.ID, "topic-error").text, "Obligatoire.")
            lead = s.new_lead("Suite navigateur " + uuid.uuid4().hex[:8], "Société Essai", {"budgetAmount": "12 000,50"})
            self.assertIn("Prospect créé.", s.flash())
            self.assertIn("12 000,50", s.text())
            dialog = s.open_dialog("Qualifier")
            s.click(s.button("Qualifier", dialog))
            s.add_line("Monitor 27\" (MON-27)", "3", label="Ajouter une ligne")
            # 3 × 329,00 = 987,00; taxe 197,40; total 1 184,40 €
            self.assertEqual(s.total(), "1 184,40 €")
            self.assertIn("1&nbsp;184,40&nbsp;€", s.d.page_source)
            s.click(s.d.find_element(By.ID, "next-stage"))
            self.assertIn("Terminez d'abord les étapes obligatoires : Besoin du client, Solution proposée", s.problem())
            # Back to English with the language button; the record is the same.
            s.click(s.button("English"))
            self.assertIn("The pages are now in English.", s.flash())
            self.assertEqual(s.total(), "€1,184.40")
            s.click(s.button("Français"))
            self.assertIn("Les pages sont maintenant en français.", s.flash())
            s.go(f"/leads/{lead}")
            self.assertIn("Qualifié", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
        finally:
            s.close()


class Teams(unittest.TestCase):
    def test_a_salesperson_does_not_see_another_teams_records(self):
        louis = Session(self, "louis@demo.vendo")
        topic = "South only " + uuid.uuid4().hex[:8]
        try:
            lead = louis.new_lead(topic, "Southern Company")
        finally:
            louis.close()
        anna = Session(self, "anna@demo.vendo")
        try:
            anna.go(f"/leads/{lead}")
            self.assertEqual(anna.d.find_element(By.TAG_NAME, "h1").text, "Not found")
            self.assertNotIn(topic, anna.d.page_source)
            anna.go("/leads?q=" + topic.replace(" ", "+"))
            self.assertNotIn(topic, anna.text())
            self.assertEqual(anna.d.find_elements(By.CSS_SELECTOR, "table.list tbody tr"), [])
        finally:
            anna.close()
        claire = Session(self, "claire@demo.vendo")
        try:
            claire.go(f"/leads/{lead}")
            self.assertIn(topic, claire.text())
        finally:
            claire.close()


class Board(unittest.TestCase):
    def test_the_keyboard_moves_a_card_and_the_card_shows_a_refusal(self):
        s = Session(self, "sam@demo.vendo")
        try:
            s.go("/pipeline")
            column = s.d.find_element(By.CSS_SELECTOR, ".column[data-stage=develop]")
            card = column.find_element(By.CSS_SELECTOR, ".card[draggable]")
            card_id = card.get_attribute("data-id")
            select = card.find_element(By.CSS_SELECTOR, "select[name=stage]")
            select.send_keys(Keys.END)
            self.assertEqual(Select(select).first_selected_option.get_attribute("value"), "close")
            s.click(card.find_element(By.CSS_SELECTOR, "button[type=submit]"), key=True)
            refused = s.d.find_element(By.ID, f"card-{card_id}")
            self.assertIn("refused", refused.get_attribute("class"))
            self.assertIn("Complete the required steps first", refused.text)
            # A card whose steps are done moves with the keyboard.
            propose = s.d.find_element(By.CSS_SELECTOR, ".column[data-stage=propose] .card[draggable]")
            moved_id = propose.get_attribute("data-id")
            select = propose.find_element(By.CSS_SELECTOR, "select[name=stage]")
            Select(select).select_by_value("develop")
            s.click(propose.find_element(By.CSS_SELECTOR, "button[type=submit]"), key=True)
            self.assertIn("Stage changed.", s.flash())
            develop = s.d.find_element(By.CSS_SELECTOR, ".column[data-stage=develop]")
            self.assertTrue(develop.find_elements(By.ID, f"card-{moved_id}"))
            # A teammate's card can be seen, not moved: it has no stage menu.
            for card in s.d.find_elements(By.CSS_SELECTOR, ".card:not([draggable])"):
                self.assertEqual(card.find_elements(By.CSS_SELECTOR, "form.move"), [])
            # Drag and drop (the events a mouse drag fires): the card's own form is posted.
            dragged = s.d.find_element(By.CSS_SELECTOR, ".column[data-stage=propose] .card[draggable]")
            dragged_id = dragged.get_attribute("data-id")
            s.d.execute_script("window.vendoOldPage = true")
            s.d.execute_script("""
                const card = document.getElementById('card-' + arguments[0]);
                const column = document.querySelector('.column[data-stage=develop]');
                const data = new DataTransfer();
                card.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
                column.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
                column.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
            """, dragged_id)
            WebDriverWait(s.d, 10).until(lambda d: d.execute_script("return document.readyState === 'complete' && !window.vendoOldPage"))
            self.assertIn("Stage changed.", s.flash())
            develop = s.d.find_element(By.CSS_SELECTOR, ".column[data-stage=develop]")
            self.assertTrue(develop.find_elements(By.ID, f"card-{dragged_id}"))
        finally:
            s.close()


UNLABELLED = """
    return Array.from(document.querySelectorAll('input, select, textarea, button'))
      .filter(c => c.type !== 'hidden')
      .filter(c => c.tagName === 'BUTTON' ? !(c.textContent.trim() || c.getAttribute('aria-label'))
                                          : !((c.labels && c.labels.length) || c.getAttribute('aria-label')))
      .map(c => c.outerHTML.slice(0, 120));
"""


class Accessibility(unittest.TestCase):
    """Every page an administrator reaches, in English and in French, with axe-core."""

    LISTS = ["/leads", "/accounts", "/contacts", "/opportunities", "/quotes", "/orders", "/invoices", "/products",
             "/price-lists", "/activities"]
    PAGES = ["/", "/leads/new", "/leads/scan", "/pipeline", "/reports", "/reports/receivables", "/reports/reminders", "/account", "/notifications", "/settings",
             "/settings/organisation", "/settings/process", "/settings/teams", "/settings/users", "/settings/catalog",
             "/settings/currencies", "/settings/import", "/settings/mail", "/settings/capture-forms", "/settings/fields",
             "/settings/lists", "/settings/accounting", "/settings/dunning",
             "/leads?q=nothing-matches-this", "/invoices?state=paid&sort=-total"]

    def first_record(self, s, path):
        s.go(path)
        links = s.d.find_elements(By.CSS_SELECTOR, "table.list tbody a")
        self.assertTrue(links, "the demo company has no record in " + path)
        return links[0].get_attribute("href").replace(BASE, "")

    def pages(self, s):
        records = [self.first_record(s, path) for path in self.LISTS if path != "/activities"]
        records.append(self.first_record(s, "/leads?state=open"))
        quote = self.first_record(s, "/quotes?state=active")
        invoice = self.first_record(s, "/invoices?state=paid")
        order = self.first_record(s, "/orders")
        extra = [quote + "/send", quote + "/print", order + "/send", invoice + "/send", invoice + "/print",
                 self.first_record(s, "/invoices?state=issued") + "/remind"]
        return self.LISTS + self.PAGES + records + [quote, invoice] + extra

    def check_all(self, s, language):
        pages = self.pages(s)
        for path in pages:
            s.go(path)
            self.assertEqual(s.d.find_element(By.TAG_NAME, "html").get_attribute("lang"), language, path)
            self.assertEqual(s.d.find_elements(By.CSS_SELECTOR, "main .error"), [], path)
            assert_accessible(self, s.d, f"{path} ({language})")
        # A form sent back with its errors: the messages are tied to their fields.
        s.go("/leads/new")
        s.d.execute_script("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
        s.click(s.d.find_element(By.CSS_SELECTOR, "form[action='/leads'] button[type=submit]"))
        self.assertTrue(s.d.find_elements(By.ID, "topic-error"))
        assert_accessible(self, s.d, f"/leads/new with errors ({language})")
        return len(pages) + 1

    def add_field(self, s, key, type_, choices="", record_type="lead"):
        """Adds a field through Settings → Fields, so that the forms of its record type show its control."""
        s.go("/settings/fields")
        dialog = s.open_dialog("Add a field")
        Select(dialog.find_element(By.ID, "/settings/fields-recordType")).select_by_value(record_type)
        dialog.find_element(By.ID, "/settings/fields-key").send_keys(key)
        dialog.find_element(By.ID, "/settings/fields-labelEn").send_keys(key.capitalize())
        dialog.find_element(By.ID, "/settings/fields-labelFr").send_keys(key.capitalize() + " (fr)")
        Select(dialog.find_element(By.ID, "/settings/fields-type")).select_by_value(type_)
        dialog.find_element(By.ID, "/settings/fields-choices").send_keys(choices)
        s.click(s.button("Add a field", dialog))
        self.assertIn(f"<td>{key}</td>", s.d.page_source)

    def test_no_page_has_an_axe_violation_in_either_language(self):
        s = Session(self, "admin@vendo.local", password=ADMIN_PASSWORD)
        try:
            tag = uuid.uuid4().hex[:6]
            self.add_field(s, "zone" + tag, "choice", "north | North | Nord\nsouth | South | Sud")
            self.add_field(s, "areas" + tag, "multipleChoice", "north | North | Nord\nsouth | South | Sud")
            self.add_field(s, "visit" + tag, "date")
            # Every record page's activity form then has a control of its own.
            self.add_field(s, "outcome" + tag, "choice", "done | Done | Fait", record_type="activity")
            s.go("/account")
            checked = self.check_all(s, "en")
            s.click(s.button("Français"))
            checked += self.check_all(s, "fr")
            self.assertGreaterEqual(checked, 2 * 40)
        finally:
            try:
                # The administrator's language is kept: the other tests expect English.
                if s.d.find_element(By.TAG_NAME, "html").get_attribute("lang") != "en":
                    s.click(s.button("English"))
            finally:
                s.close()
        for language in ["en", "fr"]:
            d = browser(language)
            try:
                for path in ["/sign-in", "/password-reset"]:
                    d.get(BASE + path)
                    assert_accessible(self, d, f"{path} ({language})")
            finally:
                d.quit()


class SavedViews(unittest.TestCase):
    def test_a_region_field_a_saved_view_and_the_pipeline_by_region(self):
        """The issue's scenario: an admin adds a Region choice to opportunities, a salesperson
        fills it in, saves a view filtered by it and sees the pipeline by region."""
        admin = Session(self, "admin@vendo.local", password=ADMIN_PASSWORD)
        try:
            admin.go("/settings/fields")
            dialog = admin.open_dialog("Add a field")
            Select(dialog.find_element(By.ID, "/settings/fields-recordType")).select_by_value("opportunity")
            dialog.find_element(By.ID, "/settings/fields-key").send_keys("salesRegion")
            dialog.find_element(By.ID, "/settings/fields-labelEn").send_keys("Sales region")
            dialog.find_element(By.ID, "/settings/fields-labelFr").send_keys("Région commerciale")
            Select(dialog.find_element(By.ID, "/settings/fields-type")).select_by_value("choice")
            dialog.find_element(By.ID, "/settings/fields-choices").send_keys("north | North | Nord\nsouth | South | Sud")
            admin.click(admin.button("Add a field", dialog))
            self.assertIn("<td>salesRegion</td>", admin.d.page_source)
        finally:
            admin.close()
        sam = Session(self, "sam@demo.vendo")
        try:
            sam.go("/opportunities?mine=1&state=open")
            link = sam.d.find_element(By.CSS_SELECTOR, "table.list tbody th a")
            name = link.text
            sam.click(link)
            dialog = sam.open_dialog("Edit")
            Select(dialog.find_element(By.ID, "edit-cf_salesRegion")).select_by_value("north")
            sam.click(dialog.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            self.assertIn("Sales region\nNorth", sam.text())
            # The list filtered by the new field, saved as a view of one's own.
            sam.go("/opportunities")
            Select(sam.d.find_element(By.ID, "filter-cf-salesRegion")).select_by_value("north")
            sam.click(sam.button("Apply"))
            rows = [row.text for row in sam.d.find_elements(By.CSS_SELECTOR, "table.list tbody th a")]
            self.assertEqual(rows, [name])
            dialog = sam.open_dialog("Save this view")
            dialog.find_element(By.ID, "view-name").send_keys("My north deals")
            dialog.find_element(By.CSS_SELECTOR, "input[name=columns][value=salesRegion]").click()
            sam.click(sam.button("Save", dialog))
            self.assertEqual(sam.flash(), "View saved.")
            self.assertEqual(sam.d.find_element(By.TAG_NAME, "h1").text, "My north deals")
            # The headers are set in capitals by the stylesheet.
            self.assertIn("sales region", [th.text.lower() for th in sam.d.find_elements(By.CSS_SELECTOR, "table.list thead th")])
            # Back from elsewhere, the view is one click away.
            sam.go("/opportunities")
            sam.click(sam.d.find_element(By.LINK_TEXT, "My north deals"))
            self.assertEqual([row.text for row in sam.d.find_elements(By.CSS_SELECTOR, "table.list tbody th a")], [name])
            assert_accessible(self, sam.d, "a saved view")
            # The pipeline by region.
            sam.go("/reports")
            self.assertIn("Pipeline by Sales region", sam.text())
            table = sam.d.find_element(By.XPATH, "//h2[contains(., 'Pipeline by Sales region')]/ancestor::section[1]")
            self.assertIn("North", table.text)
            # The board filtered by the region shows that deal alone, and saves as a view.
            sam.go("/pipeline")
            Select(sam.d.find_element(By.ID, "filter-cf-salesRegion")).select_by_value("north")
            sam.click(sam.button("Apply"))
            self.assertEqual([card.text for card in sam.d.find_elements(By.CSS_SELECTOR, ".board .card-title")], [name])
            dialog = sam.open_dialog("Save this view")
            dialog.find_element(By.ID, "view-name").send_keys("North board")
            sam.click(sam.button("Save", dialog))
            self.assertEqual(sam.flash(), "View saved.")
            self.assertEqual(sam.d.find_element(By.TAG_NAME, "h1").text, "North board")
            self.assertEqual([card.text for card in sam.d.find_elements(By.CSS_SELECTOR, ".board .card-title")], [name])
            assert_accessible(self, sam.d, "a saved view of the board")
        finally:
            sam.close()


class Screenshots(unittest.TestCase):
    def test_every_control_of_the_main_pages_has_a_label(self):
        s = Session(self, "claire@demo.vendo")
        try:
            pages = ["/", "/leads", "/leads/new", "/leads/scan", "/pipeline", "/reports", "/reports/receivables", "/quotes", "/invoices",
                     "/activities", "/account"]
            s.go("/opportunities?state=open&sort=createdAt")
            pages.append(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a").get_attribute("href").replace(BASE, ""))
            s.go("/leads?state=open")
            pages.append(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a").get_attribute("href").replace(BASE, ""))
            s.go("/invoices?state=paid")
            pages.append(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a").get_attribute("href").replace(BASE, ""))
            for path in pages:
                s.go(path)
                self.assertEqual(s.d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "fr", path)
                self.assertEqual(s.d.execute_script(UNLABELLED), [], path)
        finally:
            s.close()

    def test_the_main_pages_of_the_demo_company(self):
        s = Session(self, "anna@demo.vendo", "en")
        try:
            s.d.set_window_size(1366, 1200)
            for name, path in [("home", "/"), ("pipeline", "/pipeline"), ("leads", "/leads"), ("reports", "/reports")]:
                s.go(path)
                self.assertEqual(s.d.find_elements(By.CSS_SELECTOR, "main .error"), [], path)
                s.shot(name)
            s.go("/opportunities?state=open&sort=createdAt")
            s.click(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a"))
            self.assertTrue(s.d.find_elements(By.CSS_SELECTOR, ".stages .stage.current"))
            s.shot("opportunity")
            s.go("/invoices?state=paid")
            s.click(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a"))
            self.assertIn("Paid", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            s.shot("invoice")
        finally:
            s.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)


def wait_for_mail(test, to, seconds=20):
    """The summary of the first message the relay received for `to` (the server sends within a second or two)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for name in sorted(glob.glob(os.path.join(MAIL, "*.json")), key=lambda n: int(os.path.basename(n).split(".")[0])):
            with open(name) as handle:
                message = json.load(handle)
            if to in message.get("envelope_to", []):
                return message
        time.sleep(0.3)
    test.fail("no message for " + to)


def quote_link(message):
    text = next(part["text"] for part in message["parts"] if part["type"] == "text/plain")
    match = re.search(r"(http://[^\s]+/q/[A-Za-z0-9_-]+)", text)
    return match.group(1) if match else None


class Mail(unittest.TestCase):
    def new_quote(self, s, topic):
        s.new_lead(topic, "Mail Works " + topic[-8:])
        dialog = s.open_dialog("Qualify")
        Select(dialog.find_element(By.ID, "priceListId")).select_by_visible_text("Standard (EUR)")
        s.click(s.button("Qualify", dialog))
        s.add_line('Laptop 14" (LAP-14)', "2")
        s.click(s.d.find_element(By.ID, "generate-quote"))
        return s.record_id("quotes")

    def send(self, s, quote, to):
        s.go(f"/quotes/{quote}")
        s.d.find_element(By.ID, "send").click()
        field = s.d.find_element(By.ID, f"/quotes/{quote}/send-to")
        field.clear()
        field.send_keys(to)
        s.click(s.button("Send"))
        self.assertIn("Message queued", s.flash())

    def test_the_customer_accepts_a_quote_through_its_link(self):
        s = Session(self, "anna@demo.vendo")
        customer = browser("fr")
        try:
            quote = self.new_quote(s, "Quote link " + uuid.uuid4().hex[:8])
            to = f"buyer-{uuid.uuid4().hex[:8]}@example.com"
            self.send(s, quote, to)
            self.assertIn("Active", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            message = wait_for_mail(self, to)
            link = quote_link(message)
            self.assertIsNotNone(link, "the message carries the quote's link")
            self.assertEqual(next(p for p in message["parts"] if p["type"] == "application/pdf")["filename"][:6], "quote-")

            # A tampered link is not found; the real one opens in a fresh browser, with no account.
            customer.get(link[:-1] + ("A" if link[-1] != "A" else "B"))
            self.assertNotIn("Accepter", customer.page_source)
            customer.get(link)
            # The customer's language: the organisation's (French) when the account names none.
            self.assertEqual(customer.find_element(By.TAG_NAME, "html").get_attribute("lang"), "fr")
            self.assertIn("Laptop 14", customer.find_element(By.TAG_NAME, "main").text)
            self.assertEqual(customer.find_elements(By.CSS_SELECTOR, "header nav"), [])
            assert_accessible(self, customer, "the customer's quote page")
            customer.find_element(By.ID, "accept-name").send_keys("Camille Buyer")
            customer.find_element(By.ID, "accept-po").send_keys("PO-2026-7")
            customer.find_element(By.ID, "accept-terms").click()
            customer.find_element(By.CSS_SELECTOR, "#accept button[type=submit]").click()
            WebDriverWait(customer, 10).until(lambda d: d.find_elements(By.ID, "outcome"))
            self.assertIn("Accepté par Camille Buyer", customer.find_element(By.ID, "outcome").text)
            self.assertEqual(customer.find_elements(By.ID, "decline"), [])

            # Declining afterwards is refused (409), with the page's own CSRF token.
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            opener.open(link).read()
            token = next(c.value for c in jar if c.name == "vendo_signin")
            body = urllib.parse.urlencode({"_csrf": token, "reason": "changed my mind"}).encode()
            with self.assertRaises(urllib.error.HTTPError) as refused:
                opener.open(link + "/decline", data=body)
            self.assertEqual(refused.exception.code, 409)

            # The salesperson's bell rings; the quote is won.
            s.go("/")
            bell = s.d.find_element(By.CSS_SELECTOR, "a.bell")
            self.assertIn("1", bell.text)
            bell.click()
            self.assertIn("The customer accepted quote", s.text())
            s.go(f"/quotes/{quote}")
            self.assertIn("Won", s.d.find_element(By.CSS_SELECTOR, ".badge").text)
            self.assertIn("Accepted online by Camille Buyer", s.text())

            # A quote whose validity has passed: its link answers 410 and says why.
            expired = self.new_quote(s, "Expired link " + uuid.uuid4().hex[:8])
            dialog = s.open_dialog("Edit")
            s.d.execute_script("arguments[0].value = '2026-01-02'", dialog.find_element(By.ID, "edit-validUntil"))
            s.click(s.button("Save", dialog))
            late = f"late-{uuid.uuid4().hex[:8]}@example.com"
            self.send(s, expired, late)
            status = None
            try:
                urllib.request.urlopen(quote_link(wait_for_mail(self, late)))
            except urllib.error.HTTPError as error:
                status = error.code
            self.assertEqual(status, 410)
        finally:
            customer.quit()
            s.close()

    def test_the_capture_snippet_works_from_the_companys_own_site(self):
        site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        folder = os.path.join(MAIL, "..", "site-" + uuid.uuid4().hex[:6])
        os.makedirs(folder)
        origin = f"http://localhost:{site.server_address[1]}"
        site.RequestHandlerClass = lambda *args, **kwargs: http.server.SimpleHTTPRequestHandler(*args, directory=folder, **kwargs)
        threading.Thread(target=site.serve_forever, daemon=True).start()
        admin = Session(self, "admin@vendo.local", password=ADMIN_PASSWORD)
        visitor = browser()
        try:
            key = "site-" + uuid.uuid4().hex[:6]
            admin.go("/settings/capture-forms")
            dialog = admin.open_dialog("Add a capture form")
            dialog.find_element(By.ID, "/settings/capture-forms-name").send_keys("Contact page")
            dialog.find_element(By.ID, "/settings/capture-forms-key").send_keys(key)
            dialog.find_element(By.ID, "/settings/capture-forms-thankYouURL").send_keys(origin + "/thanks.html")
            dialog.find_element(By.ID, "/settings/capture-forms-allowedOrigins").send_keys(origin)
            admin.click(admin.button("Add a capture form", dialog))
            snippet = next(code.get_attribute("textContent") for code in admin.d.find_elements(By.CSS_SELECTOR, "pre.snippet code")
                           if f"/capture/{key}" in code.get_attribute("textContent"))
            self.assertIn(f'action="{BASE}/capture/{key}"', snippet)
            with open(os.path.join(folder, "index.html"), "w") as page:
                page.write("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Our site</title></head><body><h1>Contact us</h1>"
                           + snippet + "</body></html>")
            with open(os.path.join(folder, "thanks.html"), "w") as page:
                page.write("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Thanks</title></head><body><h1>Thank you!</h1></body></html>")

            name = "Visitor " + uuid.uuid4().hex[:8]
            visitor.get(origin + "/index.html")
            visitor.find_element(By.ID, "vendo-lastName").send_keys(name)
            visitor.find_element(By.ID, "vendo-email").send_keys("visitor@example.com")
            visitor.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            WebDriverWait(visitor, 10).until(lambda d: d.current_url.endswith("/thanks.html"))
            self.assertEqual(visitor.find_element(By.TAG_NAME, "h1").text, "Thank you!")

            admin.go("/leads?q=" + urllib.parse.quote(name))
            self.assertIn(name, admin.text())
        finally:
            visitor.quit()
            admin.close()
            site.shutdown()


class BusinessCards(unittest.TestCase):
    def test_a_salesperson_scans_a_card_at_phone_width(self):
        with open(os.path.join(CARDS, "cards.json"), encoding="utf-8") as handle:
            # The second card carries a QR code (scripts/card_samples.py): its fields are exact.
            card = json.load(handle)[1]
        self.assertTrue(card["qr"])
        s = Session(self, "anna@demo.vendo", "en")
        try:
            s.d.set_window_size(390, 844)
            s.go("/leads")
            s.click(s.d.find_element(By.LINK_TEXT, "Scan a card"))
            photos = s.d.find_element(By.ID, "photos")
            self.assertEqual(photos.get_attribute("accept"), "image/*")
            self.assertEqual(photos.get_attribute("capture"), "environment")
            event = s.d.find_element(By.ID, "event")
            event.clear()
            event.send_keys("Salon Vendo 2026")
            photos.send_keys(os.path.join(CARDS, card["file"]))
            s.click(s.button("Read the cards"))
            self.assertIn("1 card(s) read.", s.flash())
            # At a phone's width the photo comes first, then the fields, one column, nothing wider than the screen.
            photo = s.d.find_element(By.CSS_SELECTOR, ".card-photo img")
            self.assertTrue(s.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", photo))
            self.assertLessEqual(s.d.execute_script("return document.documentElement.scrollWidth"), 390)
            self.assertEqual(s.d.find_element(By.ID, "email").get_attribute("value"), card["fields"]["email"])
            self.assertEqual(s.d.find_element(By.ID, "lastName").get_attribute("value"), card["fields"]["lastName"])
            self.assertIn("QR code", s.d.find_element(By.CSS_SELECTOR, ".card-photo figcaption").text)
            self.assertEqual(s.d.find_element(By.ID, "event").get_attribute("value"), "Salon Vendo 2026")
            assert_accessible(self, s.d, "a card's review at a phone's width")
            title = s.d.find_element(By.ID, "jobTitle")
            title.clear()
            title.send_keys("Chief buyer")
            s.click(s.button("Create the lead"))
            self.assertIn("Lead created", s.flash())
            s.go("/leads?event=Salon+Vendo+2026")
            s.click(s.d.find_element(By.CSS_SELECTOR, "table.list tbody a"))
            main = s.text()
            self.assertIn("Chief buyer", main)
            self.assertIn("Salon Vendo 2026", main)
            self.assertIn("Trade show", main)
            image = s.d.find_element(By.ID, "card-image")
            self.assertTrue(s.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
            s.shot("card-scan")
        finally:
            s.close()
