"""The public site's one stylesheet: GOV.UK-like type and colours, readable on a phone."""

CSS = """\
*{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1rem;line-height:1.45;
color:#0b0c0c;background:#fff}
header.site{background:#0b0c0c;color:#fff;padding:0.75rem 1rem}
header.site p{margin:0;font-weight:bold;font-size:1.1rem}
header.site nav ul{list-style:none;margin:0.4rem 0 0;padding:0;display:flex;flex-wrap:wrap;
gap:1.25rem}
header.site a{color:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer{max-width:72rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #b1b4b6;
font-size:0.9rem;color:#0b0c0c}
h1{font-size:2rem;margin:0.5rem 0 1rem}
h2{font-size:1.5rem;margin:1.75rem 0 0.5rem}
a{color:#1d70b8}
a:focus{outline:3px solid #ffdd00;background:#ffdd00;color:#0b0c0c}
.muted{color:#505a5f;font-size:0.9rem}
.demo{border-left:6px solid #1d70b8;background:#e8f1f8;padding:0.6rem 0.9rem;margin:0 0 1rem}
.asat{color:#505a5f}
table.data{width:100%;border-collapse:collapse;margin:0 0 0.75rem;font-size:0.95rem}
table.data caption{text-align:left;font-weight:bold;padding:0.25rem 0}
table.data th,table.data td{text-align:left;padding:0.45rem 0.5rem;border-bottom:1px solid #b1b4b6;
vertical-align:top}
table.data thead th{border-bottom:2px solid #0b0c0c}
table.data.narrow{max-width:32rem}
table.data th.num{text-align:right}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
table.data td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.data tbody th{font-weight:normal}
.rag,.badge{display:inline-block;padding:0.1rem 0.45rem;border-left:5px solid;white-space:nowrap}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:0.3rem 1.25rem}
dl.summary dt{font-weight:bold}
dl.summary dd{margin:0}
svg.chart{width:100%;max-width:40rem;height:auto;display:block}
figure{margin:0 0 1rem}
@media (max-width:900px){
h1{font-size:1.6rem}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.cards,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;
width:100%}
table.cards tr{border-bottom:2px solid #0b0c0c;padding:0.5rem 0}
table.cards th,table.cards td{border:0;padding:0.15rem 0}
table.cards td.num{text-align:left}
table.cards td::before{content:attr(data-label) ": ";font-weight:bold}
dl.summary{grid-template-columns:1fr}
}
"""
