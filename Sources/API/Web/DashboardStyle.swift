/// The dashboard's stylesheet.
enum DashboardStyle {
    static let css = """
    :root { --bg:#f6f7f9; --fg:#1d2330; --muted:#6b7385; --line:#dde1e8; --accent:#2f6fde; --ok:#1f9d55; --warn:#c98a04; --bad:#d23c3c; }
    * { box-sizing: border-box; }
    body { margin:0; font:14px/1.45 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
    header { display:flex; gap:24px; align-items:center; padding:10px 20px; background:#1d2330; color:#fff; }
    header a { color:#fff; text-decoration:none; margin-right:16px; }
    .brand { font-weight:700; font-size:16px; }
    #who { margin-left:auto; color:#aab; font-size:12px; }
    main { padding:20px; max-width:1280px; margin:0 auto; }
    h1 { font-size:20px; margin:0 0 12px; } h2 { font-size:16px; margin:20px 0 8px; }
    table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); }
    th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:middle; }
    th { background:#eef0f4; font-weight:600; font-size:12px; text-transform:uppercase; color:var(--muted); }
    .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 16px; }
    .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(290px, 1fr)); gap:12px; }
    .kpis { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:12px; }
    .kpi { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:120px; }
    .kpi b { display:block; font-size:18px; } .kpi span { color:var(--muted); font-size:12px; }
    .status { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; background:#e8eaf0; }
    .status.RUNNING { background:#dff3e6; color:var(--ok); } .status.FAILED { background:#fbe3e3; color:var(--bad); }
    .status.PENDING, .status.STOPPING { background:#fff1d6; color:var(--warn); }
    .bar { height:8px; background:#e8eaf0; border-radius:4px; overflow:hidden; min-width:120px; }
    .bar > i { display:block; height:100%; background:var(--accent); }
    canvas.chart { width:100%; height:160px; display:block; }
    svg.graph { width:100%; background:#fff; border:1px solid var(--line); border-radius:6px; }
    svg.graph .node rect { fill:#f1f5ff; stroke:var(--accent); rx:6; }
    svg.graph text { font-size:12px; fill:var(--fg); } svg.graph .rate { fill:var(--muted); font-size:11px; }
    svg.graph path { stroke:#8893a8; fill:none; stroke-width:1.5; } svg.graph .edge-label { font-size:10px; fill:var(--muted); }
    pre.log { background:#11151d; color:#d6dbe4; padding:10px; height:260px; overflow:auto; font-size:12px; border-radius:6px; margin:0; }
    .log .WARN { color:#f3c969; } .log .ERROR { color:#ff8c8c; }
    .diff { display:grid; grid-template-columns:1fr 1fr; gap:0; font:12px/1.4 ui-monospace, monospace; background:#fff; border:1px solid var(--line); }
    .diff div { white-space:pre; padding:0 8px; min-height:1.4em; overflow:hidden; }
    .diff .del { background:#fde8e8; } .diff .add { background:#e3f6e8; }
    form.job label { display:block; margin:8px 0 4px; font-weight:600; }
    form.job textarea { width:100%; height:260px; font:13px/1.45 ui-monospace, monospace; }
    form.job .row { display:flex; gap:16px; flex-wrap:wrap; } form.job .row > div { flex:1; min-width:160px; }
    input, select, textarea { padding:6px 8px; border:1px solid var(--line); border-radius:4px; font:inherit; }
    button { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:7px 14px; cursor:pointer; font:inherit; }
    button.secondary { background:#e8eaf0; color:var(--fg); }
    .error { color:var(--bad); white-space:pre-wrap; } .muted { color:var(--muted); }
    .sql-error { margin-top:6px; padding:8px; background:#fbe3e3; border-radius:4px; font:12px ui-monospace, monospace; white-space:pre; }
    #login { position:fixed; inset:0; background:rgba(20,24,33,.6); display:flex; align-items:center; justify-content:center; }
    #login[hidden] { display:none; }
    #login form { background:#fff; padding:20px 24px; border-radius:8px; width:360px; }
    #login label { display:block; margin:10px 0; } #login input { width:100%; }
    a { color:var(--accent); }
    """
}
