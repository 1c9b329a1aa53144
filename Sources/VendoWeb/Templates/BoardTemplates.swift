/// The pipeline board and the reports.
enum BoardTemplates {
    static let board = """
    <div class="page-head">
    <h1>{{t.nav_pipeline}}</h1>
    <form method="get" action="/pipeline" class="inline">
    <label class="check"><input type="checkbox" name="mine" value="1"{{#mine}} checked{{/mine}}> {{t.mine}}</label>
    <button type="submit">{{t.apply}}</button>
    </form>
    </div>
    <p class="hint">{{t.boardHint}}</p>
    {{#truncated}}<p class="warning">{{t.boardTruncated}}</p>{{/truncated}}
    <div class="board">
    {{#columns}}
    <section class="column" data-stage="{{key}}" aria-labelledby="column-{{key}}">
    <header>
    <h2 id="column-{{key}}">{{label}}</h2>
    <p class="column-sums"><span>{{count}}</span> · <span>{{total}}</span><br><span class="weighted">{{t.weighted}} {{weighted}}</span></p>
    </header>
    <ul class="cards">
    {{#cards}}
    <li class="card{{#problem}} refused{{/problem}}"{{#movable}} draggable="true"{{/movable}} data-id="{{id}}" id="card-{{id}}">
    <a href="/opportunities/{{id}}" class="card-title">{{name}}</a>
    <p class="card-facts">{{revenue}}{{#probability}} · {{probability}}{{/probability}}{{#closeDate}} · {{closeDate}}{{/closeDate}}</p>
    {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
    {{#movable}}
    <form method="post" action="/opportunities/{{id}}/stage" class="move">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <input type="hidden" name="back" value="/pipeline">
    <label for="stage-{{id}}" class="visually-hidden">{{t.moveTo}} ({{name}})</label>
    <select id="stage-{{id}}" name="stage">{{#targets}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/targets}}</select>
    <button type="submit">{{t.move}}</button>
    </form>
    {{/movable}}
    </li>
    {{/cards}}
    </ul>
    {{^hasCards}}<p class="empty">{{t.emptyColumn}}</p>{{/hasCards}}
    </section>
    {{/columns}}
    </div>

    """

    static let reports = """
    <div class="page-head"><h1>{{t.nav_reports}}</h1></div>
    <form method="get" action="/reports" class="filters">
    <label for="from">{{t.from}}</label><input id="from" name="from" type="date" value="{{from}}">
    <label for="to">{{t.to}}</label><input id="to" name="to" type="date" value="{{to}}">
    <label class="check"><input type="checkbox" name="mine" value="1"{{#mine}} checked{{/mine}}> {{t.mine}}</label>
    <button type="submit">{{t.apply}}</button>
    </form>
    {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
    <div class="reports">
    {{#charts}}
    <section class="report">
    <h2>{{title}}</h2>
    {{{svg}}}
    <table class="chart-data">
    <caption class="visually-hidden">{{title}}</caption>
    <tbody>{{#rows}}<tr><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>{{/rows}}</tbody>
    </table>
    </section>
    {{/charts}}
    </div>

    """
}

/// The home page.
enum HomeTemplates {
    static let home = """
    <div class="page-head"><h1>{{t.hello}} {{name}}</h1><a class="button primary" href="/leads/new">{{t.newLead}}</a></div>
    <div class="home">
    <section class="panel">
    <h2>{{#mine}}{{t.myOpenLeads}}{{/mine}}{{^mine}}{{t.openLeads}}{{/mine}}</h2>
    {{#hasLeads}}<ul class="links">{{#leads}}<li><a href="{{href}}">{{label}}</a> <span class="detail">{{detail}}</span></li>{{/leads}}</ul>{{/hasLeads}}
    {{^hasLeads}}<p class="empty">{{t.empty_leads}}</p>{{/hasLeads}}
    <p><a href="/leads?state=open{{#mine}}&amp;mine=1{{/mine}}">{{t.seeAll}}</a></p>
    </section>
    <section class="panel">
    <h2>{{#mine}}{{t.myOpportunities}}{{/mine}}{{^mine}}{{t.openOpportunities}}{{/mine}}</h2>
    {{{chart}}}
    <table class="chart-data"><tbody>{{#stages}}<tr><th scope="row">{{label}}</th><td class="num">{{count}}</td><td class="num">{{total}}</td></tr>{{/stages}}</tbody></table>
    <p><a href="/pipeline{{#mine}}?mine=1{{/mine}}">{{t.nav_pipeline}}</a></p>
    </section>
    <section class="panel">
    <h2>{{#mine}}{{t.myTasks}}{{/mine}}{{^mine}}{{t.openTasks}}{{/mine}}</h2>
    {{#hasTasks}}<ul class="links">{{#tasks}}<li><a href="{{href}}">{{label}}</a> <span class="detail">{{detail}}</span></li>{{/tasks}}</ul>{{/hasTasks}}
    {{^hasTasks}}<p class="empty">{{t.noTasks}}</p>{{/hasTasks}}
    </section>
    <section class="panel">
    <h2>{{t.quotesAwaiting}}</h2>
    {{#hasQuotes}}<ul class="links">{{#quotes}}<li><a href="{{href}}">{{label}}</a> <span class="detail">{{detail}}</span></li>{{/quotes}}</ul>{{/hasQuotes}}
    {{^hasQuotes}}<p class="empty">{{t.noQuotesAwaiting}}</p>{{/hasQuotes}}
    </section>
    </div>

    """
}
