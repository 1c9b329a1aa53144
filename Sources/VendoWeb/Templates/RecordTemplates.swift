/// The lead and opportunity pages and the parts every record page shares.
enum RecordTemplates {
    static let processBar = """
    {{#processBar}}
    <section class="process" aria-labelledby="process-title">
    <h2 id="process-title" class="visually-hidden">{{t.process}}</h2>
    <ol class="stages">
    {{#stages}}<li class="stage{{#done}} done{{/done}}{{#current}} current{{/current}}"{{#current}} aria-current="step"{{/current}}><span class="stage-number">{{position}}</span> {{label}}</li>
    {{/stages}}
    </ol>
    <form method="post" action="{{action}}" class="steps">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <fieldset>
    <legend>{{t.stepsOf}} {{currentLabel}}</legend>
    {{#hasSteps}}
    <ul>
    {{#steps}}<li class="step{{#done}} done{{/done}}">
    {{#checkable}}<label><input type="checkbox" name="step" value="{{key}}"{{#done}} checked{{/done}}> {{label}}</label>{{/checkable}}
    {{^checkable}}<span class="step-state" aria-hidden="true">{{#done}}✓{{/done}}{{^done}}○{{/done}}</span> {{label}}<span class="visually-hidden">{{#done}} ({{t.done}}){{/done}}{{^done}} ({{t.toDo}}){{/done}}</span>{{/checkable}}
    {{#required}}<span class="required">{{t.required}}</span>{{/required}}
    </li>
    {{/steps}}
    </ul>
    {{/hasSteps}}
    {{^hasSteps}}<p>{{t.noSteps}}</p>{{/hasSteps}}
    {{#editable}}<button type="submit">{{t.saveSteps}}</button>{{/editable}}
    </fieldset>
    </form>
    {{#canMove}}
    <div class="moves">
    {{#next}}
    <form method="post" action="{{stageAction}}" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <input type="hidden" name="stage" value="{{key}}">
    <button type="submit" class="primary" id="next-stage">{{t.nextStage}}{{t.colon}}{{label}}</button>
    </form>
    {{/next}}
    <form method="post" action="{{stageAction}}" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <label for="move-stage">{{t.moveTo}}</label>
    <select id="move-stage" name="stage">{{#moveTargets}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/moveTargets}}</select>
    <button type="submit">{{t.move}}</button>
    </form>
    </div>
    {{/canMove}}
    </section>
    {{/processBar}}

    """

    /// The edit dialog of a record page: `editAction`, `editFields`, `editOpen`, with the page's `csrf` and `version`.
    static let editDialog = """
    {{#editAction}}
    <details class="dialog"{{#editOpen}} open{{/editOpen}}>
    <summary>{{t.edit}}</summary>
    <form method="post" action="{{editAction}}" class="record-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    {{#editFields}}
    <div class="field{{#error}} invalid{{/error}}">
    <label for="edit-{{name}}">{{label}}</label>
    {{#hasChoices}}<select id="edit-{{name}}" name="{{name}}"><option value=""></option>{{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}</select>{{/hasChoices}}
    {{^hasChoices}}{{#multiline}}<textarea id="edit-{{name}}" name="{{name}}" rows="3">{{value}}</textarea>{{/multiline}}{{^multiline}}<input id="edit-{{name}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#required}} required{{/required}}>{{/multiline}}{{/hasChoices}}
    {{#error}}<p class="field-error">{{error}}</p>{{/error}}
    </div>
    {{/editFields}}
    <button type="submit" class="primary">{{t.save}}</button>
    </form>
    </details>
    {{/editAction}}

    """

    /// The records that look like this one, each with a merge into it (`merge`: a `MergeDialog`).
    static let mergeDialog = """
    {{#merge}}
    <details class="dialog" id="merge">
    <summary class="button">{{title}}</summary>
    <div class="warning"><p>{{intro}}</p>
    <ul class="links">{{#similar}}<li><a href="{{href}}">{{name}}</a> <span class="detail">({{t.sameField}} {{matchedOn}})</span>
    <form method="post" action="{{action}}" data-confirm="{{confirm}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <input type="hidden" name="duplicateId" value="{{duplicateId}}">
    <button type="submit">{{button}}</button>
    </form></li>{{/similar}}</ul></div>
    </details>
    {{/merge}}

    """

    static let fieldList = """
    <dl class="facts">
    {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>
    {{/facts}}
    </dl>

    """

    static let timeline = """
    <section class="log">
    <h2>{{t.timeline}}</h2>
    <details class="dialog"{{#activityOpen}} open{{/activityOpen}}>
    <summary>{{t.addActivity}}</summary>
    <form method="post" action="{{activityAction}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="activity-type">{{t.field_type}}</label>
    <select id="activity-type" name="type">{{#activityTypes}}<option value="{{value}}">{{label}}</option>{{/activityTypes}}</select>
    <label for="activity-subject">{{t.field_subject}}</label>
    <input id="activity-subject" name="subject" required>
    <label for="activity-body">{{t.field_body}}</label>
    <textarea id="activity-body" name="body" rows="2"></textarea>
    <label for="activity-due">{{t.field_dueAt}}</label>
    <input id="activity-due" name="dueDate" type="date">
    <button type="submit">{{t.add}}</button>
    </form>
    </details>
    {{#log}}
    {{#hasTimeline}}
    <ol class="timeline">
    {{#timeline}}<li><time>{{at}}</time> <span class="kind">{{kind}}</span> {{text}}{{#detail}} <span class="detail">{{detail}}</span>{{/detail}}</li>
    {{/timeline}}
    </ol>
    {{/hasTimeline}}
    {{^hasTimeline}}<p class="empty">{{t.emptyTimeline}}</p>{{/hasTimeline}}
    <details class="history">
    <summary>{{t.history}}</summary>
    {{#hasHistory}}
    <div class="table-wrap">
    <table>
    <thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.action}}</th><th scope="col">{{t.field}}</th><th scope="col">{{t.before}}</th><th scope="col">{{t.after}}</th></tr></thead>
    <tbody>
    {{#history}}<tr><td>{{at}}</td><td>{{who}}</td><td>{{action}}</td><td>{{field}}</td><td>{{old}}</td><td>{{new}}</td></tr>
    {{/history}}
    </tbody>
    </table>
    </div>
    {{/hasHistory}}
    </details>
    {{/log}}
    </section>

    """

    static let lead = """
    <div class="page-head">
    <h1>{{title}}</h1>
    <span class="badge state-{{stateKey}}">{{state}}{{#status}} · {{status}}{{/status}}</span>
    </div>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{> processBar}}
    <div class="record">
    <section class="main-column">
    <h2>{{t.details}}</h2>
    {{> fieldList}}
    {{#cardImage}}<figure class="card-photo"><img src="{{cardImage}}" alt="{{t.scan_photoAlt}}" id="card-image"></figure>{{/cardImage}}
    {{#opportunityHref}}<p><a href="{{opportunityHref}}">{{t.openOpportunity}}</a></p>{{/opportunityHref}}
    {{> editDialog}}
    </section>
    <aside class="actions-column" aria-label="{{t.actions}}">
    <h2>{{t.actions}}</h2>
    {{#canQualify}}
    <details class="dialog" id="qualify"{{#hasDuplicates}} open{{/hasDuplicates}}>
    <summary class="button primary">{{t.qualify}}</summary>
    <form method="post" action="/leads/{{id}}/qualify">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <fieldset><legend>{{t.qualifyCreates}}</legend>
    <label for="qualify-account">{{t.record_account}}</label>
    <select id="qualify-account" name="account">{{#accountChoices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/accountChoices}}</select>
    <label for="qualify-contact">{{t.record_contact}}</label>
    <select id="qualify-contact" name="contact">{{#contactChoices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/contactChoices}}</select>
    <label class="check"><input type="checkbox" name="createOpportunity" value="1" checked> {{t.qualify_opportunity}}</label>
    </fieldset>
    <label for="priceListId">{{t.priceList}}</label>
    <select id="priceListId" name="priceListId">{{#priceLists}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priceLists}}<option value="">{{t.noPriceList}}</option></select>
    {{#hasDuplicates}}
    <div class="warning" role="alert"><p>{{t.duplicateWarning}}</p><ul>{{#duplicates}}<li>{{.}}</li>{{/duplicates}}</ul>
    <label class="check"><input type="checkbox" name="allowDuplicates" value="1"> {{t.allowDuplicates}}</label></div>
    {{/hasDuplicates}}
    <button type="submit" class="primary">{{t.qualify}}</button>
    </form>
    </details>
    {{/canQualify}}
    {{#canDisqualify}}
    <details class="dialog">
    <summary class="button">{{t.disqualify}}</summary>
    <form method="post" action="/leads/{{id}}/disqualify" data-confirm="{{t.confirmDisqualify}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <label for="reason">{{t.reason}}</label>
    <select id="reason" name="reason" required><option value=""></option>{{#reasons}}<option value="{{value}}">{{label}}</option>{{/reasons}}</select>
    <button type="submit" class="danger">{{t.disqualify}}</button>
    </form>
    </details>
    {{/canDisqualify}}
    {{> mergeDialog}}
    {{#canReactivate}}
    <form method="post" action="/leads/{{id}}/reactivate" data-confirm="{{t.confirmReactivate}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <button type="submit">{{t.reactivate}}</button>
    </form>
    {{/canReactivate}}
    </aside>
    </div>
    {{> timeline}}

    """

    static let opportunity = """
    <div class="page-head">
    <h1>{{title}}</h1>
    <span class="badge state-{{stateKey}}">{{state}}{{#status}} · {{status}}{{/status}}</span>
    </div>
    <p class="customer">{{t.customer}}{{t.colon}}<a href="{{customer.href}}">{{customer.label}}</a></p>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{> processBar}}
    <div class="record">
    <section class="main-column">
    <h2>{{t.details}}</h2>
    {{> fieldList}}
    {{> editDialog}}
    {{> lines}}
    </section>
    <aside class="actions-column" aria-label="{{t.actions}}">
    <h2>{{t.actions}}</h2>
    {{#canQuote}}
    <form method="post" action="/opportunities/{{id}}/quote">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <button type="submit" class="primary" id="generate-quote">{{t.generateQuote}}</button>
    </form>
    {{/canQuote}}
    {{#canWin}}
    <details class="dialog">
    <summary class="button">{{t.win}}</summary>
    <form method="post" action="/opportunities/{{id}}/win" data-confirm="{{t.confirmWin}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <label for="actualRevenue">{{t.field_actualRevenue}}</label>
    <input id="actualRevenue" name="actualRevenue" inputmode="decimal" value="{{estimatedRevenue}}">
    <label for="win-description">{{t.field_description}}</label>
    <textarea id="win-description" name="description" rows="2"></textarea>
    {{#hasQuotes}}<label class="check"><input type="checkbox" name="closeQuotes" value="1"> {{t.closeQuotes}}</label>{{/hasQuotes}}
    <button type="submit" class="primary">{{t.win}}</button>
    </form>
    </details>
    <details class="dialog">
    <summary class="button">{{t.lose}}</summary>
    <form method="post" action="/opportunities/{{id}}/lose" data-confirm="{{t.confirmLose}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <label for="lose-reason">{{t.reason}}</label>
    <select id="lose-reason" name="reason" required><option value=""></option>{{#loseReasons}}<option value="{{value}}">{{label}}</option>{{/loseReasons}}</select>
    <label for="lose-competitor">{{t.lose_competitor}}</label>
    <select id="lose-competitor" name="competitorId"><option value="">{{t.lose_noCompetitor}}</option>{{#competitors}}<option value="{{value}}">{{label}}</option>{{/competitors}}</select>
    <label for="lose-description">{{t.field_description}}</label>
    <textarea id="lose-description" name="description" rows="2"></textarea>
    {{#hasQuotes}}<label class="check"><input type="checkbox" name="closeQuotes" value="1" checked> {{t.closeQuotes}}</label>{{/hasQuotes}}
    <button type="submit" class="danger">{{t.lose}}</button>
    </form>
    </details>
    {{/canWin}}
    {{#canReopen}}
    <form method="post" action="/opportunities/{{id}}/reopen" data-confirm="{{t.confirmReopen}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <button type="submit">{{t.reopen}}</button>
    </form>
    {{/canReopen}}
    {{#hasQuotes}}
    <h3>{{t.nav_quotes}}</h3>
    <ul class="links">{{#quotes}}<li><a href="{{href}}">{{label}}</a></li>{{/quotes}}</ul>
    {{/hasQuotes}}
    </aside>
    </div>
    {{> timeline}}

    """
}
