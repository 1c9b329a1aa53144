"""Checks that the test run left nothing out, against the tests `swift test list` names.

    python3 scripts/check_test_run.py LIST SQLITE_XUNIT [PG_XUNIT PG_TARGETS_REGEX]

LIST is the output of `swift test list`; each XUNIT is what `swift test --xunit-output` wrote
for Swift Testing. Fails (exit 1, saying which) when:
- a listed test is missing from the SQLite run (it did not run: a crash, a filter, a target
  left out), or, for the targets the PostgreSQL run covers, from that run;
- a test failed in either run;
- a suite had no test pass in any run (every one of its tests skipped itself).
A test may skip itself on one engine (`.enabled(if:)`): that is said in its code, not forgotten.
"""
import re
import sys
import xml.etree.ElementTree as ElementTree


def results(path):
    """test id -> 'passed' | 'skipped' | 'failed'."""
    found = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        test = case.get("classname") + "/" + case.get("name")
        if case.find("failure") is not None or case.find("error") is not None:
            found[test] = "failed"
        elif case.find("skipped") is not None:
            found.setdefault(test, "skipped")
        else:
            found[test] = "passed" if found.get(test) != "failed" else "failed"
    return found


def suite(test):
    return test.rsplit("/", 1)[0]


def main():
    listed = [line.strip() for line in open(sys.argv[1]) if re.match(r"^\w+\.\w+/", line.strip())]
    if not listed:
        sys.exit("check_test_run: swift test list named no test")
    runs = {"SQLite": results(sys.argv[2])}
    pg_targets = None
    if len(sys.argv) > 3:
        runs["PostgreSQL"] = results(sys.argv[3])
        pg_targets = re.compile(sys.argv[4])
    problems = []
    for engine, found in runs.items():
        for test in listed:
            if engine == "PostgreSQL" and not pg_targets.match(test.split(".")[0]):
                continue
            state = found.get(test)
            if state is None:
                problems.append(f"{test} did not run on {engine}")
            elif state == "failed":
                problems.append(f"{test} failed on {engine}")
    suites = sorted({suite(test) for test in listed})
    for name in suites:
        tests = [test for test in listed if suite(test) == name]
        passed = {engine: any(found.get(test) == "passed" for test in tests) for engine, found in runs.items()}
        if not any(passed.values()):
            problems.append(f"the suite {name} had no test pass on any engine")
    for problem in problems:
        print("scripts/test: " + problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    counts = ", ".join(f"{sum(1 for s in found.values() if s == 'passed')} passed on {engine}" for engine, found in runs.items())
    print(f"scripts/test: {len(listed)} tests in {len(suites)} suites, every one accounted for ({counts})")


main()
