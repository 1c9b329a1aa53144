/// The list pages and the new-lead form.
enum ListTemplates {
    static let list = """
    <div class="page-head">
    <h1>{{title}}</h1>
    {{#newHref}}<a class="button primary" href="{{newHref}}">{{t.new}}</a>{{/newHref}}
    {{#scanHref}}<a class="button" href="{{scanHref}}">{{t.scan_title}}</a>{{/scanHref}}
    </div>
    <form method="get" action="{{path}}" class="filters" role="search">
    <label for="q">{{t.search}}</label>
    <input id="q" name="q" type="search" value="{{q}}">
    {{#hasStates}}
    <label for="state">{{t.field_state}}</label>
    <select id="state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select>
    {{/hasStates}}
    {{#textFilters}}<label for="filter-{{name}}">{{label}}</label>
    <input id="filter-{{name}}" name="{{name}}" type="text" value="{{value}}">
    {{/textFilters}}
    <label for="sort">{{t.sortBy}}</label>
    <select id="sort" name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select>
    <label class="check"><input type="checkbox" name="mine" value="1"{{#mine}} checked{{/mine}}> {{t.mine}}</label>
    <button type="submit">{{t.apply}}</button>
    <a class="button" href="{{csv}}">{{t.exportCSV}}</a>
    </form>
    {{#hasRows}}
    <div class="table-wrap">
    <table class="list">
    <thead><tr>{{#headers}}<th scope="col">{{.}}</th>{{/headers}}</tr></thead>
    <tbody>
    {{#rows}}<tr><th scope="row"><a href="{{href}}">{{first}}</a></th>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    </div>
    {{/hasRows}}
    {{^rows}}<p class="empty">{{empty}}</p>{{/rows}}
    <nav class="pages" aria-label="{{t.pagination}}">
    {{#first}}<a href="{{first}}">{{t.firstPage}}</a>{{/first}}
    {{#next}}<a href="{{next}}" rel="next">{{t.nextPage}}</a>{{/next}}
    </nav>

    """

    static let newLead = """
    <h1>{{t.newLead}}</h1>
    {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
    <form method="post" action="/leads" class="record-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#fields}}
    <div class="field{{#error}} invalid{{/error}}">
    <label for="{{name}}">{{label}}{{#required}} <span aria-hidden="true">*</span>{{/required}}</label>
    {{#hasChoices}}
    <select id="{{name}}" name="{{name}}"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
    <option value=""></option>
    {{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}
    </select>
    {{/hasChoices}}
    {{^choices}}
    {{#multiline}}<textarea id="{{name}}" name="{{name}}" rows="3"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>{{value}}</textarea>{{/multiline}}
    {{^multiline}}<input id="{{name}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#required}} required{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>{{/multiline}}
    {{/choices}}
    {{#error}}<p class="field-error" id="{{name}}-error">{{error}}</p>{{/error}}
    </div>
    {{/fields}}
    <div class="actions"><button type="submit" class="primary">{{t.createLead}}</button> <a href="/leads">{{t.cancel}}</a></div>
    </form>

    """

    static let simple = """
    <div class="page-head"><h1>{{title}}</h1><span class="badge">{{kind}}</span></div>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{> fieldList}}
    {{> editDialog}}
    {{> mergeDialog}}
    {{#hasLinks}}<h2>{{t.related}}</h2><ul class="links">{{#links}}<li><a href="{{href}}">{{label}}</a></li>{{/links}}</ul>{{/hasLinks}}
    {{#log}}{{> timeline}}{{/log}}

    """
}
