/// The line editor, the quote/order/invoice page, and the printable document.
enum DocumentTemplates {
    static let lines = """
    {{#lines}}
    <section class="lines" id="lines" aria-labelledby="lines-title">
    <h2 id="lines-title">{{t.lines}}</h2>
    {{#hasLines}}
    <div class="table-wrap">
    <table class="lines-table">
    <thead><tr><th scope="col">{{t.line_product}}</th><th scope="col" class="num">{{t.line_quantity}}</th><th scope="col">{{t.line_unit}}</th><th scope="col" class="num">{{t.line_price}}</th><th scope="col" class="num">{{t.line_discount}}</th><th scope="col" class="num">{{t.line_tax}}</th><th scope="col" class="num">{{t.line_amount}}</th>{{#editable}}<th scope="col"><span class="visually-hidden">{{t.actions}}</span></th>{{/editable}}</tr></thead>
    <tbody>
    {{#lines}}<tr><td>{{name}}</td><td class="num">{{quantity}}</td><td>{{unit}}</td><td class="num">{{price}}</td><td class="num">{{discount}}</td><td class="num">{{tax}}</td><td class="num">{{amount}}</td>{{#removeAction}}<td><form method="post" action="{{removeAction}}" data-confirm="{{t.confirmRemoveLine}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="version" value="{{version}}"><button type="submit" class="link danger" aria-label="{{t.removeLine}} {{name}}">{{t.remove}}</button></form></td>{{/removeAction}}</tr>
    {{/lines}}
    </tbody>
    </table>
    </div>
    {{/hasLines}}
    {{^hasLines}}<p class="empty">{{t.noLines}}</p>{{/hasLines}}
    {{#editable}}
    <details class="dialog"{{#open}} open{{/open}}>
    <summary class="button">{{t.addLine}}</summary>
    <form method="post" action="{{addAction}}" class="line-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <div class="field{{#errors.productId}} invalid{{/errors.productId}}">
    <label for="productId">{{t.line_product}}</label>
    <select id="productId" name="productId" data-search="{{t.searchProducts}}"><option value="">{{t.line_writeIn}}</option>{{#products}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/products}}</select>
    {{#errors.productId}}<p class="field-error">{{errors.productId}}</p>{{/errors.productId}}
    </div>
    <div class="field"><label for="writeInName">{{t.line_writeInName}}</label><input id="writeInName" name="writeInName" value="{{values.writeInName}}"></div>
    <div class="field{{#errors.unitId}} invalid{{/errors.unitId}}"><label for="unitId">{{t.line_unit}}</label><select id="unitId" name="unitId"><option value="">{{t.line_productUnit}}</option>{{#units}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/units}}</select>{{#errors.unitId}}<p class="field-error">{{errors.unitId}}</p>{{/errors.unitId}}</div>
    <div class="field{{#errors.quantity}} invalid{{/errors.quantity}}"><label for="quantity">{{t.line_quantity}}</label><input id="quantity" name="quantity" inputmode="decimal" value="{{values.quantity}}" required>{{#errors.quantity}}<p class="field-error">{{errors.quantity}}</p>{{/errors.quantity}}</div>
    <div class="field{{#errors.pricePerUnit}} invalid{{/errors.pricePerUnit}}"><label for="pricePerUnit">{{t.line_priceOverride}}</label><input id="pricePerUnit" name="pricePerUnit" inputmode="decimal" value="{{values.pricePerUnit}}">{{#errors.pricePerUnit}}<p class="field-error">{{errors.pricePerUnit}}</p>{{/errors.pricePerUnit}}</div>
    <div class="field{{#errors.manualDiscount}} invalid{{/errors.manualDiscount}}"><label for="manualDiscount">{{t.line_discount}}</label><input id="manualDiscount" name="manualDiscount" inputmode="decimal" value="{{values.manualDiscount}}">{{#errors.manualDiscount}}<p class="field-error">{{errors.manualDiscount}}</p>{{/errors.manualDiscount}}</div>
    <div class="field{{#errors.taxRate}} invalid{{/errors.taxRate}}"><label for="taxRate">{{t.line_taxRate}}</label><input id="taxRate" name="taxRate" inputmode="decimal" value="{{values.taxRate}}">{{#errors.taxRate}}<p class="field-error">{{errors.taxRate}}</p>{{/errors.taxRate}}</div>
    <div class="field{{#errors.taxCategory}} invalid{{/errors.taxCategory}}"><label for="taxCategory">{{t.field_taxCategory}}</label><select id="taxCategory" name="taxCategory"><option value="">{{t.line_taxCategoryFromRate}}</option>{{#taxCategories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/taxCategories}}</select>{{#errors.taxCategory}}<p class="field-error">{{errors.taxCategory}}</p>{{/errors.taxCategory}}</div>
    <button type="submit" class="primary">{{t.addLine}}</button>
    </form>
    </details>
    <details class="dialog"{{#pricingOpen}} open{{/pricingOpen}}>
    <summary class="button">{{t.headerPricing}}</summary>
    <form method="post" action="{{pricingAction}}" class="line-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <div class="field"><label for="header-priceListId">{{t.priceList}}</label><select id="header-priceListId" name="priceListId"><option value="">{{t.noPriceList}}</option>{{#priceLists}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priceLists}}</select></div>
    <div class="field{{#pricingErrors.discountPercent}} invalid{{/pricingErrors.discountPercent}}"><label for="discountPercent">{{t.discountPercent}}</label><input id="discountPercent" name="discountPercent" inputmode="decimal" value="{{header.discountPercent}}">{{#pricingErrors.discountPercent}}<p class="field-error">{{pricingErrors.discountPercent}}</p>{{/pricingErrors.discountPercent}}</div>
    <div class="field{{#pricingErrors.discountAmount}} invalid{{/pricingErrors.discountAmount}}"><label for="discountAmount">{{t.discountAmount}}</label><input id="discountAmount" name="discountAmount" inputmode="decimal" value="{{header.discountAmount}}">{{#pricingErrors.discountAmount}}<p class="field-error">{{pricingErrors.discountAmount}}</p>{{/pricingErrors.discountAmount}}</div>
    <div class="field{{#pricingErrors.freightAmount}} invalid{{/pricingErrors.freightAmount}}"><label for="freightAmount">{{t.total_freight}}</label><input id="freightAmount" name="freightAmount" inputmode="decimal" value="{{header.freightAmount}}">{{#pricingErrors.freightAmount}}<p class="field-error">{{pricingErrors.freightAmount}}</p>{{/pricingErrors.freightAmount}}</div>
    <button type="submit" class="primary">{{t.save}}</button>
    </form>
    </details>
    {{/editable}}
    <div class="totals-block">
    {{#hasTaxes}}
    <table class="tax-summary">
    <caption>{{t.taxSummary}}</caption>
    <thead><tr><th scope="col">{{t.tax_rate}}</th><th scope="col" class="num">{{t.tax_base}}</th><th scope="col" class="num">{{t.line_tax}}</th></tr></thead>
    <tbody>{{#taxes}}<tr><td>{{rate}}</td><td class="num">{{base}}</td><td class="num">{{tax}}</td></tr>{{/taxes}}</tbody>
    </table>
    {{/hasTaxes}}
    <dl class="totals">
    {{#totals}}<div{{#strong}} class="grand"{{/strong}}><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/totals}}
    </dl>
    </div>
    </section>
    {{/lines}}

    """

    static let document = """
    <div class="page-head">
    <h1>{{kindLabel}} {{number}}</h1>
    <span class="badge state-{{stateKey}}">{{state}}{{#status}} · {{status}}{{/status}}</span>
    <a class="button" href="{{pdfHref}}" download>{{t.document_pdf}}</a>
    {{#printHref}}<a class="button" href="{{printHref}}">{{t.print}}</a>{{/printHref}}
    {{#sendHref}}<a class="button" href="{{sendHref}}" id="send">{{t.document_send}}</a>{{/sendHref}}
    {{#remindHref}}<a class="button" href="{{remindHref}}" id="remind">{{t.document_remind}}</a>{{/remindHref}}
    </div>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    <div class="record">
    <section class="main-column">
    <h2>{{name}}</h2>
    {{> fieldList}}
    {{> editDialog}}
    {{> lines}}
    {{#hasPayments}}
    <h2>{{t.payments}}</h2>
    <ul class="payments">{{#payments}}<li>{{date}} — {{amount}}{{#reference}} ({{reference}}){{/reference}}</li>{{/payments}}</ul>
    {{/hasPayments}}
    </section>
    <aside class="actions-column" aria-label="{{t.actions}}">
    <h2>{{t.actions}}</h2>
    {{#actions}}
    <form method="post" action="{{action}}"{{#confirm}} data-confirm="{{confirm}}"{{/confirm}}>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    {{#fields}}<label for="{{id}}">{{label}}</label><input id="{{id}}" name="{{name}}" value="{{value}}"{{#inputmode}} inputmode="{{inputmode}}"{{/inputmode}}{{#type}} type="{{type}}"{{/type}}>{{/fields}}
    <button type="submit" class="{{style}}" id="action-{{key}}">{{label}}</button>
    </form>
    {{/actions}}
    {{^actions}}<p>{{t.noActions}}</p>{{/actions}}
    {{#links}}<p><a href="{{href}}">{{label}}</a></p>{{/links}}
    </aside>
    </div>
    {{> timeline}}

    """

    static let print = """
    <article class="printable">
    <header class="print-head">
    <div class="issuer">
    {{#logo}}<img class="logo" src="{{logo}}" alt="{{organisation}}">{{/logo}}
    <p class="org-name">{{organisation}}</p>
    {{#address}}<p class="address">{{.}}</p>{{/address}}
    </div>
    <div class="doc-id">
    <h1>{{kindLabel}} {{number}}</h1>
    {{#dates}}<p>{{label}}{{t.colon}}{{value}}</p>{{/dates}}
    </div>
    </header>
    <section class="recipient"><h2>{{t.billTo}}</h2><p>{{customer}}</p></section>
    <table class="print-lines">
    <thead><tr><th scope="col">{{t.line_product}}</th><th scope="col" class="num">{{t.line_quantity}}</th><th scope="col" class="num">{{t.line_price}}</th><th scope="col" class="num">{{t.line_discount}}</th><th scope="col" class="num">{{t.line_tax}}</th><th scope="col" class="num">{{t.line_amount}}</th></tr></thead>
    <tbody>
    {{#lines.lines}}<tr><td>{{name}}</td><td class="num">{{quantity}} {{unit}}</td><td class="num">{{price}}</td><td class="num">{{discount}}</td><td class="num">{{tax}}</td><td class="num">{{amount}}</td></tr>
    {{/lines.lines}}
    </tbody>
    </table>
    <div class="totals-block">
    <table class="tax-summary">
    <caption>{{t.taxSummary}}</caption>
    <thead><tr><th scope="col">{{t.tax_rate}}</th><th scope="col" class="num">{{t.tax_base}}</th><th scope="col" class="num">{{t.line_tax}}</th></tr></thead>
    <tbody>{{#lines.taxes}}<tr><td>{{rate}}</td><td class="num">{{base}}</td><td class="num">{{tax}}</td></tr>{{/lines.taxes}}</tbody>
    </table>
    <dl class="totals">{{#lines.totals}}<div{{#strong}} class="grand"{{/strong}}><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/lines.totals}}</dl>
    </div>
    {{#paymentTerms}}<p class="terms">{{t.paymentTerms}}{{t.colon}}{{paymentTerms}}</p>{{/paymentTerms}}
    {{#legal}}<footer class="legal">{{legal}}</footer>{{/legal}}
    <p class="no-print"><a href="{{back}}">{{t.back}}</a></p>
    </article>

    """
}
