/// The dashboard's single HTML page (the script renders every view into `#main`).
enum DashboardPage {
    static let html = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>FlinkCloud</title>
    <link rel="stylesheet" href="/ui/app.css">
    </head>
    <body>
    <header>
      <a class="brand" href="#/">FlinkCloud</a>
      <nav><a href="#/">Overview</a><a href="#/new">New job</a></nav>
      <span id="who"></span>
    </header>
    <div id="login" hidden>
      <form id="login-form">
        <h2>Sign in</h2>
        <p>Enter the API key and secret the server printed at start. They stay in this tab only.</p>
        <label>API key <input id="login-key" autocomplete="username" required></label>
        <label>API secret <input id="login-secret" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        <p class="error" id="login-error"></p>
      </form>
    </div>
    <main id="main"></main>
    <script src="/ui/app.js"></script>
    </body>
    </html>
    """
}
