/// The frame of every page, the sign-in page and the error page.
enum LayoutTemplates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Vendo</title>
    <link rel="stylesheet" href="/static/app.css">
    <link rel="stylesheet" href="/static/print.css" media="print">
    <script src="/static/app.js" defer></script>
    </head>
    <body{{#bodyClass}} class="{{bodyClass}}"{{/bodyClass}}>
    <a class="skip" href="#main">{{t.skipToContent}}</a>
    {{#user}}
    <header class="top">
    <a class="brand" href="/">Vendo</a>
    <nav aria-label="{{t.mainMenu}}">
    <ul>
    {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>
    {{/nav}}
    </ul>
    </nav>
    <div class="me">
    <a class="bell" href="/notifications" aria-label="{{bellLabel}}"{{#onNotifications}} aria-current="page"{{/onNotifications}}><span aria-hidden="true">&#128276;</span>{{#unread}} <span class="count">{{unread}}</span>{{/unread}}</a>
    <a href="/account"{{#onAccount}} aria-current="page"{{/onAccount}}>{{name}}</a>
    <form method="post" action="/language" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="back" value="{{path}}">
    <button type="submit" name="language" value="{{otherLanguage}}" lang="{{otherLanguage}}">{{otherLanguageName}}</button>
    </form>
    <form method="post" action="/sign-out" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <button type="submit">{{t.signOut}}</button>
    </form>
    </div>
    </header>
    {{/user}}
    <main id="main" tabindex="-1">
    {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
    {{{body}}}
    </main>
    </body>
    </html>

    """

    static let signIn = """
    <section class="sign-in">
    <h1>Vendo</h1>
    <p class="lead-in">{{t.signInIntro}}</p>
    {{#problem}}<p class="error" role="alert" id="sign-in-error">{{problem}}</p>{{/problem}}
    <form method="post" action="/sign-in">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <label for="email">{{t.email}}</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#problem}} aria-describedby="sign-in-error"{{/problem}}>
    <label for="password">{{t.password}}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="primary">{{t.signIn}}</button>
    </form>
    <p><a href="/password-reset">{{t.forgotPassword}}</a></p>
    <p class="languages">{{#languages}}<a href="/sign-in?lang={{code}}" lang="{{code}}">{{name}}</a> {{/languages}}</p>
    </section>

    """

    static let error = """
    <section class="error-page">
    <h1>{{heading}}</h1>
    <p>{{message}}</p>
    <p><a href="/">{{t.backHome}}</a></p>
    </section>

    """
}
