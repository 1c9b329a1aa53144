/// The customer's quote page, the public forms (password reset) and the notifications list.
enum MailPageTemplates {
    static let publicQuote = """
    <section class="public-quote">
    <p class="hint">{{from}}</p>
    <h1>{{heading}}</h1>
    {{#title}}<h2>{{title}}</h2>{{/title}}
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{#outcome}}<p class="flash" role="status" id="outcome">{{outcome}}</p>{{/outcome}}
    <ul class="facts">{{#facts}}<li>{{.}}</li>{{/facts}}</ul>
    <div class="table-wrap">
    <table>
    <thead><tr><th scope="col">{{t.public_item}}</th><th scope="col" class="num">{{t.public_quantity}}</th><th scope="col" class="num">{{t.public_unitPrice}}</th><th scope="col" class="num">{{t.public_amount}}</th></tr></thead>
    <tbody>{{#lines}}<tr><td>{{name}}{{#description}}<br><small>{{description}}</small>{{/description}}</td><td class="num">{{quantity}}</td><td class="num">{{price}}</td><td class="num">{{amount}}</td></tr>{{/lines}}</tbody>
    <tfoot>
    <tr><th scope="row" colspan="3">{{t.public_net}}</th><td class="num">{{net}}</td></tr>
    <tr><th scope="row" colspan="3">{{t.public_tax}}</th><td class="num">{{tax}}</td></tr>
    <tr><th scope="row" colspan="3">{{t.public_total}}</th><td class="num"><strong>{{total}}</strong></td></tr>
    </tfoot>
    </table>
    </div>
    <p><a class="button" href="{{pdfHref}}" download>{{t.public_download}}</a></p>
    {{#open}}
    <div class="answer">
    <form method="post" action="{{base}}/accept" id="accept">
    <h2>{{t.public_accept}}</h2>
    <p class="hint">{{t.public_acceptIntro}}</p>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="field{{#errors.name}} invalid{{/errors.name}}"><label for="accept-name">{{t.public_name}}</label><input id="accept-name" name="name" autocomplete="name" required value="{{values.name}}">{{#errors.name}}<p class="field-error">{{errors.name}}</p>{{/errors.name}}</div>
    <div class="field"><label for="accept-po">{{t.public_purchaseOrder}}</label><input id="accept-po" name="purchaseOrder" value="{{values.purchaseOrder}}"></div>
    <div class="field{{#errors.terms}} invalid{{/errors.terms}}"><input id="accept-terms" name="terms" type="checkbox" value="1" required> <label for="accept-terms">{{t.public_acceptTerms}}</label>{{#errors.terms}}<p class="field-error">{{errors.terms}}</p>{{/errors.terms}}</div>
    <button type="submit" class="primary">{{t.public_acceptButton}}</button>
    </form>
    <form method="post" action="{{base}}/decline" id="decline">
    <h2>{{t.public_decline}}</h2>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="field"><label for="decline-name">{{t.public_name}}</label><input id="decline-name" name="name" autocomplete="name"></div>
    <div class="field"><label for="decline-reason">{{t.public_reason}}</label><textarea id="decline-reason" name="reason" rows="3"></textarea></div>
    <button type="submit" class="danger">{{t.public_declineButton}}</button>
    </form>
    </div>
    {{/open}}
    </section>

    """

    static let publicForm = """
    <section class="sign-in">
    <h1>{{heading}}</h1>
    {{#intro}}<p class="lead-in">{{intro}}</p>{{/intro}}
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{#message}}<p class="flash" role="status" id="message">{{message}}</p>{{/message}}
    {{#form}}
    <form method="post" action="{{action}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#fields}}
    <label for="{{name}}">{{label}}</label>
    <input id="{{name}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#required}} required{{/required}}{{#error}} aria-describedby="{{name}}-error"{{/error}} autocomplete="{{autocomplete}}">
    {{#error}}<p class="field-error" id="{{name}}-error">{{error}}</p>{{/error}}
    {{/fields}}
    <button type="submit" class="primary">{{submit}}</button>
    </form>
    {{/form}}
    <p><a href="/sign-in">{{t.reset_backToSignIn}}</a></p>
    </section>

    """

    static let notifications = """
    <div class="page-head"><h1>{{t.notifications_title}}</h1>
    {{#hasUnread}}<form method="post" action="/notifications/read" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.notifications_readAll}}</button></form>{{/hasUnread}}
    </div>
    {{#hasItems}}
    <ul class="notifications">
    {{#items}}<li{{#unread}} class="unread"{{/unread}}><span class="when">{{at}}</span> {{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}{{#unread}} <span class="badge">{{t.notifications_unread}}</span><form method="post" action="/notifications/{{id}}/read" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="link" aria-label="{{t.notifications_read}}: {{text}}">{{t.notifications_read}}</button></form>{{/unread}}</li>
    {{/items}}
    </ul>
    {{#next}}<p><a href="/notifications?cursor={{next}}">→</a></p>{{/next}}
    {{/hasItems}}
    {{^hasItems}}<p class="empty">{{t.notifications_empty}}</p>{{/hasItems}}

    """
}
