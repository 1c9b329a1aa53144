/// Scanning business cards: the photos, then each card beside the fields read from it.
enum CardTemplates {
    static let scan = """
    <h1>{{t.scan_title}}</h1>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    {{#created}}<p class="flash" id="created">{{t.scan_created}} <a href="{{value}}">{{label}}</a></p>{{/created}}
    {{#install}}<p class="warning" id="install">{{t.scan_install}} <code>{{install}}</code></p>{{/install}}
    {{#canRead}}
    <form method="post" action="/leads/scan" enctype="multipart/form-data" class="record-form scan-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="field">
    <label for="event">{{t.field_event}}</label>
    <input id="event" name="event" value="{{event}}" type="text" maxlength="200" autocomplete="off">
    </div>
    <div class="field">
    <label for="photos">{{t.scan_photos}}</label>
    <input id="photos" name="photos" type="file" accept="image/*" capture="environment" multiple required aria-describedby="photos-help">
    <p class="hint" id="photos-help">{{t.scan_photosHelp}}{{^readsCodes}} {{t.scan_noCodes}}{{/readsCodes}}</p>
    </div>
    <div class="actions"><button type="submit" class="primary">{{t.scan_read_button}}</button> <a href="/leads">{{t.cancel}}</a></div>
    </form>
    {{/canRead}}
    {{#hasPending}}
    <h2>{{t.scan_pending}}</h2>
    <ul class="card-pile">
    {{#pending}}<li><a href="{{href}}"><img src="{{image}}" alt="" width="96" loading="lazy"> {{label}}</a></li>
    {{/pending}}
    </ul>
    {{/hasPending}}

    """

    static let review = """
    <div class="page-head"><h1>{{t.scan_review}}</h1><span class="badge">{{position}}</span></div>
    {{#problem}}<p class="error" role="alert" id="problem">{{problem}}</p>{{/problem}}
    <div class="card-review-body">
    <figure class="card-photo"><img src="{{image}}" alt="{{t.scan_photoAlt}}">
    {{#fromQrCode}}<figcaption>{{t.scan_fromQrCode}}</figcaption>{{/fromQrCode}}
    </figure>
    <div>
    {{#hasDuplicates}}<div class="warning" role="status" id="duplicates"><p>{{t.scan_duplicates}}</p><ul>{{#duplicates}}<li><a href="{{value}}">{{label}}</a></li>{{/duplicates}}</ul></div>{{/hasDuplicates}}
    {{#hasUnsure}}<p class="hint" id="unsure">{{t.scan_unsure}} {{#unsure}}<span class="badge">{{.}}</span> {{/unsure}}</p>{{/hasUnsure}}
    <form method="post" action="/leads/scan/{{id}}" class="record-form" id="card-form">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#fields}}
    <div class="field{{#error}} invalid{{/error}}">
    <label for="{{name}}">{{label}}{{#required}} <span aria-hidden="true">*</span>{{/required}}</label>
    <input id="{{name}}" name="{{name}}" value="{{value}}" type="{{type}}"{{#required}} required{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
    {{#error}}<p class="field-error" id="{{name}}-error">{{error}}</p>{{/error}}
    </div>
    {{/fields}}
    <div class="actions"><button type="submit" class="primary">{{t.scan_confirm}}</button></div>
    </form>
    <form method="post" action="/leads/scan/{{id}}/discard" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <button type="submit">{{t.scan_discard}}</button>
    </form>
    <details><summary>{{t.scan_text}}</summary><pre class="card-text">{{text}}</pre></details>
    </div>
    </div>

    """
}
