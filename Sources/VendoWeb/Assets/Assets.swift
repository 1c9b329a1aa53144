/// The stylesheet and the script, compiled into the binary so that the server stays one file.
enum Assets {
    static let css = """
    :root { --ink: #1d2433; --muted: #4f5b70; --line: #d5dae3; --paper: #ffffff; --wash: #f4f6fa; --accent: #1f5fbf;
      --accent-ink: #ffffff; --good: #1b7a43; --bad: #b3261e; --warn: #8a5a00; --focus: #ffb000;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--wash); }
    * { box-sizing: border-box; }
    body { margin: 0; line-height: 1.45; }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .skip { position: absolute; left: -9999px; }
    .skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; z-index: 10; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .5rem 1.25rem; background: #16233a; color: #fff; }
    header.top a { color: #fff; text-decoration: none; }
    .brand { font-weight: 700; font-size: 1.2rem; letter-spacing: .02em; }
    header.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
    header.top nav a { display: block; padding: .35rem .6rem; border-radius: 4px; }
    header.top nav a[aria-current="page"], header.top nav a:hover { background: #2d4270; }
    .me { margin-left: auto; display: flex; align-items: center; gap: .5rem; }
    .me button { background: transparent; color: #fff; border: 1px solid #8a9ac0; }
    .bell { position: relative; padding: .2rem .4rem; border-radius: 4px; }
    .bell[aria-current="page"] { background: #2d4270; }
    .bell .count { background: #c0392b; color: #fff; border-radius: 999px; padding: 0 .45rem; font-size: .8rem; font-weight: 700; }
    .public-quote { max-width: 860px; margin: 0 auto; }
    .public-quote .answer { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
    .public-quote form { border: 1px solid #d5dbe8; border-radius: 6px; padding: 1rem; }
    .notifications li { padding: .5rem 0; border-bottom: 1px solid #e4e8f0; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
    .notifications li.unread { font-weight: 600; }
    pre.preview { white-space: pre-wrap; background: #f5f7fb; border: 1px solid #e4e8f0; padding: .75rem; }
    main { max-width: 1280px; margin: 0 auto; padding: 1.25rem; }
    body.wide main { max-width: none; }
    h1 { font-size: 1.6rem; margin: 0; }
    h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; }
    .page-head { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin-bottom: 1rem; }
    .badge { background: var(--paper); border: 1px solid var(--line); border-radius: 999px; padding: .15rem .7rem; font-size: .9rem; color: var(--muted); }
    .state-won, .state-qualified, .state-paid, .state-fulfilled { color: var(--good); border-color: var(--good); }
    .state-lost, .state-disqualified, .state-canceled, .state-closed { color: var(--bad); border-color: var(--bad); }
    button, .button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #9aa6bb; background: var(--paper); color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; }
    button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
    button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
    button.link { background: none; border: none; color: var(--bad); text-decoration: underline; padding: 0; }
    input, select, textarea { font: inherit; padding: .4rem .5rem; border: 1px solid #8893a7; border-radius: 5px; background: #fff; color: var(--ink); max-width: 100%; }
    label { font-weight: 600; }
    label.check { font-weight: 400; display: inline-flex; gap: .35rem; align-items: center; }
    form.inline { display: inline-flex; gap: .4rem; align-items: center; margin: 0; }
    .flash { background: #e3f1e8; border: 1px solid var(--good); padding: .6rem .9rem; border-radius: 6px; }
    .error { background: #fbe9e7; border: 1px solid var(--bad); color: var(--bad); padding: .6rem .9rem; border-radius: 6px; }
    .warning { background: #fff4dc; border: 1px solid var(--warn); color: #5c3c00; padding: .6rem .9rem; border-radius: 6px; }
    .field-error { color: var(--bad); margin: .2rem 0 0; font-size: .92rem; }
    .field.invalid input, .field.invalid select, .field.invalid textarea { border-color: var(--bad); border-width: 2px; }
    .hint, .detail, .empty { color: var(--muted); }
    .filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; background: var(--paper); padding: .75rem; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 1rem; }
    .table-wrap { overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .5rem .65rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    thead th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
    tbody th { font-weight: 600; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .pages { display: flex; gap: 1rem; margin: 1rem 0; }
    .record { display: grid; grid-template-columns: minmax(0, 1fr) 280px; gap: 1.25rem; align-items: start; }
    .main-column, .actions-column, .log, .panel, .process { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem 1rem; }
    .actions-column form { display: grid; gap: .4rem; margin-bottom: .75rem; }
    .actions-column .button, .actions-column button { width: 100%; text-align: center; }
    .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: .5rem 1rem; margin: 0; }
    .facts dt { font-size: .85rem; color: var(--muted); }
    .facts dd { margin: 0; white-space: pre-line; }
    details.dialog { margin: .75rem 0; }
    details.dialog > summary { cursor: pointer; list-style: none; }
    details.dialog > summary::-webkit-details-marker { display: none; }
    details.dialog > summary:not(.button), details.history > summary { color: var(--accent); text-decoration: underline; font-weight: 600; cursor: pointer; }
    details.dialog[open] > form { border: 1px solid var(--line); border-radius: 8px; padding: .75rem; margin-top: .5rem; background: var(--wash); display: grid; gap: .4rem; }
    .record-form .field { display: grid; gap: .2rem; }
    .record-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: .75rem 1rem; }
    .record-form .actions, .record-form > button { grid-column: 1 / -1; }
    .process { margin-bottom: 1rem; }
    .stages { display: flex; list-style: none; padding: 0; margin: .5rem 0; overflow-x: auto; }
    .stage { flex: 1; min-width: 110px; padding: .5rem .75rem; background: #e7ebf2; color: var(--ink); clip-path: polygon(0 0, calc(100% - 12px) 0, 100% 50%, calc(100% - 12px) 100%, 0 100%, 12px 50%); }
    .stage.done { background: #cfe3d6; }
    .stage.current { background: var(--accent); color: #fff; font-weight: 700; }
    .stage-number { display: inline-block; min-width: 1.4em; }
    .steps fieldset { border: none; padding: 0; margin: 0; }
    .steps legend { font-weight: 700; margin-bottom: .25rem; }
    .steps ul { list-style: none; padding: 0; columns: 2 240px; }
    .step.done { color: var(--good); }
    .required { font-size: .78rem; color: var(--warn); border: 1px solid var(--warn); border-radius: 4px; padding: 0 .3rem; margin-left: .3rem; }
    .moves { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: .75rem; }
    .lines-table td, .lines-table th { padding: .45rem .5rem; }
    .line-form { grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); }
    .line-form .field { display: grid; gap: .2rem; }
    .totals-block { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; margin-top: 1rem; }
    .totals { margin: 0 0 0 auto; min-width: 260px; }
    .totals div { display: flex; justify-content: space-between; gap: 1rem; padding: .2rem 0; }
    .totals dd { margin: 0; font-variant-numeric: tabular-nums; }
    .totals .grand { font-weight: 700; font-size: 1.1rem; border-top: 2px solid var(--ink); padding-top: .4rem; }
    .tax-summary { width: auto; }
    .tax-summary caption { text-align: left; font-weight: 600; }
    .timeline { list-style: none; padding: 0; }
    .timeline li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
    .timeline time { color: var(--muted); font-size: .9rem; margin-right: .5rem; }
    .kind { font-weight: 600; }
    .log { margin-top: 1.25rem; }
    .board { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(250px, 1fr); gap: .75rem; overflow-x: auto; padding-bottom: 1rem; }
    .column { background: #e9edf4; border-radius: 8px; padding: .5rem; min-height: 240px; }
    .column.drop-target { outline: 3px dashed var(--accent); }
    .column h2 { margin: .25rem 0; }
    .column-sums { margin: 0 0 .5rem; color: var(--muted); font-size: .92rem; }
    .cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
    .card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .6rem; cursor: grab; }
    .card.refused { border: 2px solid var(--bad); }
    .card-title { font-weight: 600; }
    .card-facts { margin: .25rem 0; color: var(--muted); font-size: .92rem; }
    .card .move { display: flex; gap: .3rem; }
    .card .move select { flex: 1; min-width: 0; }
    .home, .reports { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1rem; }
    .report { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem 1rem; }
    .chart { width: 100%; height: auto; }
    .chart-label { font-size: 12px; fill: var(--ink); }
    .axis { stroke: var(--muted); }
    .bar-0 { fill: #1f5fbf; } .bar-1 { fill: #2f7fd8; } .bar-2 { fill: #3f9bd0; } .bar-3 { fill: #3aa68a; } .bar-4 { fill: #6ba34a; } .bar-5 { fill: #a08a2e; }
    .chart-data { font-size: .92rem; margin-top: .5rem; }
    .links { padding-left: 1.1rem; }
    .sign-in { max-width: 380px; margin: 8vh auto; background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 1.5rem 2rem; }
    .sign-in form { display: grid; gap: .5rem; }
    .sign-in button { margin-top: .5rem; }
    .error-page { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.5rem; }
    .printable { background: var(--paper); max-width: 210mm; margin: 0 auto; padding: 15mm; border: 1px solid var(--line); }
    .print-head { display: flex; justify-content: space-between; gap: 2rem; }
    .org-name { font-weight: 700; font-size: 1.2rem; margin: 0; }
    .printable .logo { max-width: 60mm; max-height: 25mm; display: block; margin-bottom: .5rem; }
    .address { margin: 0; }
    .card-review-body { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 1rem; align-items: start; }
    .card-photo { margin: 0 0 1rem; }
    .card-photo img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; display: block; }
    .card-pile { list-style: none; padding: 0; display: grid; gap: .5rem; }
    .card-pile a { display: flex; gap: .75rem; align-items: center; }
    .card-pile img { border: 1px solid var(--line); border-radius: 4px; }
    .card-text { white-space: pre-wrap; background: var(--paper); border: 1px solid var(--line); padding: .5rem; border-radius: 6px; }
    .legal { margin-top: 2rem; font-size: .85rem; color: var(--muted); white-space: pre-line; }
    @media (max-width: 760px) {
      .record { grid-template-columns: 1fr; }
      header.top { padding: .5rem .75rem; }
      .me { margin-left: 0; }
      main { padding: .75rem; }
      .board { grid-auto-flow: row; grid-auto-columns: auto; }
      .facts, .record-form, .line-form, .home, .reports, .card-review-body { grid-template-columns: minmax(0, 1fr); }
      .stage { min-width: 84px; font-size: .9rem; }
      .print-head { flex-direction: column; }
    }

    """

    static let printCSS = """
    @page { size: A4; margin: 15mm; }
    body { background: #fff; color: #000; font-size: 10.5pt; }
    header.top, .skip, .no-print, .flash, .actions-column, .log, details.dialog, .filters { display: none !important; }
    main { padding: 0; max-width: none; }
    .printable { border: none; padding: 0; max-width: none; }
    a { color: #000; text-decoration: none; }
    table { page-break-inside: auto; }
    tr { page-break-inside: avoid; }
    .totals-block { page-break-inside: avoid; }

    """

    /// Small helps where they clearly pay: a confirmation before destructive actions, and drag and
    /// drop on the pipeline board (which posts the card's own form, so it follows the same path as
    /// the keyboard and no-script way).
    static let script = """
    "use strict";
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); }
    });
    document.addEventListener("DOMContentLoaded", function () {
      // A search box over long product menus: typing narrows the choices.
      document.querySelectorAll("select[data-search]").forEach(function (select) {
        var box = document.createElement("input");
        box.type = "search";
        box.placeholder = select.getAttribute("data-search");
        box.setAttribute("aria-label", select.getAttribute("data-search"));
        box.addEventListener("input", function () {
          var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
          var first = null;
          Array.prototype.forEach.call(select.options, function (option) {
            var text = option.text.toLowerCase();
            var shown = option.value === "" || words.every(function (word) { return text.indexOf(word) >= 0; });
            option.hidden = !shown;
            if (shown && option.value !== "" && first === null) { first = option; }
          });
          if (first && (select.value === "" || select.selectedOptions[0].hidden)) { select.value = first.value; }
        });
        select.parentNode.insertBefore(box, select);
      });
      var dragged = null;
      document.querySelectorAll(".card[draggable]").forEach(function (card) {
        card.addEventListener("dragstart", function (event) {
          dragged = card;
          event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
          event.dataTransfer.effectAllowed = "move";
        });
        card.addEventListener("dragend", function () { dragged = null; });
      });
      document.querySelectorAll(".column[data-stage]").forEach(function (column) {
        column.addEventListener("dragover", function (event) { if (dragged) { event.preventDefault(); column.classList.add("drop-target"); } });
        column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
        column.addEventListener("drop", function (event) {
          event.preventDefault();
          column.classList.remove("drop-target");
          if (!dragged) { return; }
          var form = dragged.querySelector("form.move");
          var select = form.querySelector("select[name=stage]");
          var stage = column.getAttribute("data-stage");
          if (select.value === stage) { return; }
          select.value = stage;
          form.submit();
        });
      });
    });

    """
}
