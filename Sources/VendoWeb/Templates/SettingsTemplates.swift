/// The administrators' settings pages.
enum SettingsTemplates {
    static let settings = """
    <div class="page-head"><h1>{{title}}</h1></div>
    {{#hasTabs}}<nav class="tabs" aria-label="{{t.nav_settings}}"><ul>{{#tabs}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/tabs}}</ul></nav>{{/hasTabs}}
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{#notice}}<p class="warning" role="status" id="notice">{{notice}}</p>{{/notice}}
    {{#sections}}
    <section class="panel settings-section">
    <h2>{{title}}</h2>
    {{#intro}}<p class="hint">{{intro}}</p>{{/intro}}
    {{#hasRows}}
    <div class="table-wrap">
    <table>
    <thead><tr>{{#headers}}<th scope="col">{{.}}</th>{{/headers}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}{{#hasActions}}<td class="row-actions">{{#actions}}<form method="post" action="{{action}}" class="inline"{{#confirm}} data-confirm="{{confirm}}"{{/confirm}}><input type="hidden" name="_csrf" value="{{csrf}}">{{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}{{#fields}}<label for="{{idPrefix}}-{{name}}" class="visually-hidden">{{label}}</label>{{#hasChoices}}<select id="{{idPrefix}}-{{name}}" name="{{name}}">{{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}</select>{{/hasChoices}}{{^hasChoices}}<input id="{{idPrefix}}-{{name}}" name="{{name}}" value="{{value}}" type="{{type}}">{{/hasChoices}}{{/fields}}<button type="submit" class="{{style}}">{{label}}</button></form>{{/actions}}</td>{{/hasActions}}</tr>
    {{#code}}<tr><td colspan="9"><pre class="snippet"><code>{{code}}</code></pre></td></tr>{{/code}}
    {{/rows}}
    </tbody>
    </table>
    </div>
    {{/hasRows}}
    {{^hasRows}}<p class="empty">{{empty}}</p>{{/hasRows}}
    {{#form}}
    <details class="dialog"{{#open}} open{{/open}}>
    <summary class="button">{{submit}}</summary>
    <form method="post" action="{{action}}" class="record-form"{{#multipart}} enctype="multipart/form-data"{{/multipart}}>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#fields}}
    <div class="field{{#error}} invalid{{/error}}">
    <label for="{{action}}-{{name}}">{{label}}</label>
    {{#hasChoices}}<select id="{{action}}-{{name}}" name="{{name}}"{{#multiple}} multiple size="5"{{/multiple}}>{{^multiple}}<option value=""></option>{{/multiple}}{{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}</select>{{/hasChoices}}
    {{^hasChoices}}{{#multiline}}<textarea id="{{action}}-{{name}}" name="{{name}}" rows="6">{{value}}</textarea>{{/multiline}}{{^multiline}}<input id="{{action}}-{{name}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#required}} required{{/required}}>{{/multiline}}{{/hasChoices}}
    {{#error}}<p class="field-error">{{error}}</p>{{/error}}
    </div>
    {{/fields}}
    <div class="actions"><button type="submit" class="primary">{{submit}}</button></div>
    </form>
    </details>
    {{/form}}
    </section>
    {{/sections}}

    """
}
