"""The pack's stylesheet: one column on a phone, two-up blocks on screen and on A4 landscape."""

from __future__ import annotations

# GOV.UK text colours (4.5:1 on white); RAG tints from kpis.scorecard_html, words carry meaning.
CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:Arial,"Liberation Sans",Helvetica,sans-serif;color:#0b0c0c;
  background:#fff;line-height:1.4;font-size:16px}
main{max-width:1200px;margin:0 auto;padding:0 1rem 2rem}
h1{font-size:2rem;margin:0 0 .5rem}
h2{font-size:1.5rem;margin:0 0 .6rem;padding-top:1.2rem;border-bottom:3px solid #1d70b8}
h3{font-size:1.1rem;margin:0 0 .2rem}
a{color:#1d70b8}
a:focus{outline:3px solid #ffdd00;background:#ffdd00;color:#0b0c0c}
.muted{color:#505a5f;font-size:.88em}
.demo{border-left:6px solid #b04a00;background:#fdebd9;padding:.4rem .7rem;margin:.4rem 0 .8rem;
  font-weight:bold}
.section{padding-bottom:1rem}
.cover{min-height:60vh;display:flex;flex-direction:column;justify-content:center;gap:.4rem}
.cover .org{font-size:1.2rem;color:#505a5f;margin:0}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.8rem 0}
.cover dt{font-weight:bold}.cover dd{margin:0}
.counts{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.counts div{border:1px solid #b1b4b6;border-left-width:6px;padding:.3rem .7rem;min-width:9rem}
.counts b{font-size:1.4em;display:block}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{text-align:left;vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid #d8d8d8}
thead th{border-bottom:2px solid #0b0c0c;vertical-align:bottom}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.area th{background:#f3f2f1;font-size:1rem;border-bottom:2px solid #0b0c0c;padding-top:.5rem}
.rag{display:inline-block;padding:0 .35rem;border-left:5px solid;white-space:nowrap}
.rag.long{white-space:normal;min-width:7rem}
.icons{white-space:nowrap}.icons img{width:24px;height:24px;vertical-align:middle}
.icons .changed{display:block;white-space:normal;max-width:4.5em;line-height:1.1;
color:#505a5f;font-size:.85em}
.spark img{vertical-align:middle}
.nowrap{white-space:nowrap}
.block{border-top:1px solid #b1b4b6;padding:.6rem 0 .8rem}
.block-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .8rem}
.block-body{display:grid;grid-template-columns:minmax(0,63fr) minmax(0,37fr);gap:1rem;
  align-items:start}
.chart{margin:0;min-width:0}.plot{width:100%;height:250px;overflow:hidden}
.facts{margin:0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .7rem;
  font-size:.9rem}
.facts dt{color:#505a5f}.facts dd{margin:0}
.notes{font-size:.9rem}.notes ul{margin:.2rem 0 .5rem;padding-left:1.2rem}
.notes h4{font-size:.9rem;margin:.5rem 0 .1rem}
.quote{white-space:pre-wrap;border-left:4px solid #b1b4b6;padding-left:.5rem;margin:.2rem 0}
#appendix h3{margin:1.2em 0 .4em}
.toc ol{padding-left:1.2rem;margin:.3rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:720px){
  body{font-size:15px}h1{font-size:1.5rem}h2{font-size:1.25rem}
  .block-body{grid-template-columns:1fr}.plot{height:400px}
  .summary tbody th{min-width:10rem}
  .summary th,.summary td{padding:.25rem .3rem}
}
.scroll{container-type:inline-size}
/* On a screen too narrow for a table's columns (a tablet, a phone; the wide month-by-month
   tables on any screen) each row becomes a card naming every cell, so nothing is cut off or
   scrolled sideways. Paper keeps the tables. */
@media screen{
  @container (max-width:72.4rem){
    .scroll table,.scroll tbody,.scroll tr,.scroll th,.scroll td,.scroll caption{display:block}
  }
  .wide table,.wide tbody,.wide tr,.wide th,.wide td,.wide caption{display:block}
  @container (max-width:72.4rem){
    .scroll thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
    .scroll tbody{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,17rem),1fr));
      gap:.6rem;margin-bottom:.8rem}
    .scroll tr{border:1px solid #b1b4b6;border-top:4px solid #1d70b8;padding:.3rem .5rem;
      min-width:0}
    .scroll tr.area{grid-column:1/-1;border:none;padding:0}
    .scroll tbody th{min-width:0;white-space:normal;border-bottom:1px solid #b1b4b6}
    .scroll td,.scroll td.num{display:grid;grid-template-columns:minmax(5rem,40%) minmax(0,1fr);
      gap:.5rem;text-align:left;white-space:normal;padding:.25rem 0;
      border-bottom:1px dotted #d8d8d8}
    .scroll td:last-child{border-bottom:none}
    .scroll td::before{content:attr(data-label);color:#505a5f;font-size:.85em}
  }
  .wide thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .wide tbody{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,17rem),1fr));
    gap:.6rem;margin-bottom:.8rem}
  .wide tr{border:1px solid #b1b4b6;border-top:4px solid #1d70b8;padding:.3rem .5rem;min-width:0}
  .wide tr.area{grid-column:1/-1;border:none;padding:0}
  .wide tbody th{min-width:0;white-space:normal;border-bottom:1px solid #b1b4b6}
  .wide td,.wide td.num{display:grid;grid-template-columns:minmax(5rem,40%) minmax(0,1fr);
    gap:.5rem;text-align:left;white-space:normal;padding:.25rem 0;border-bottom:1px dotted #d8d8d8}
  .wide td:last-child{border-bottom:none}
  .wide td::before{content:attr(data-label);color:#505a5f;font-size:.85em}
}
@page{size:A4 landscape;margin:10mm 10mm 13mm 10mm}
@media print{
  html{font-size:8.5pt}
  body{font-size:1rem;line-height:1.3}
  main{max-width:none;padding:0}
  h1{font-size:24pt}h2{font-size:14pt;padding-top:0;margin-bottom:2mm}h3{font-size:10.5pt}
  a{color:#0b0c0c;text-decoration:none}
  .section{break-before:page;padding:0}
  .cover{break-before:auto;min-height:165mm}
  .block{break-inside:avoid;padding:1.5mm 0 2mm}
  .block p.muted{margin:.5mm 0 1mm}
  .block-body{gap:4mm}
  table{font-size:7.6pt}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  th,td{padding:.8mm 1.2mm}
  .scroll{overflow:visible}
  .summary table{font-size:6.7pt;line-height:1.12}
  .summary th,.summary td{padding:.3mm 1mm;vertical-align:middle}
  .summary tbody th{white-space:nowrap}
  .summary tr.area th{padding-top:.6mm;font-size:7pt}
  .summary .icons img{width:10px;height:10px}
  .summary .icons .changed{display:inline;white-space:nowrap;max-width:none;margin-left:.25em}
  .summary .spark img{height:10px;width:44px}
  .summary .rag{border-left-width:3px}
  .summary .intro{margin:0 0 1mm;font-size:7pt}
  .summary .demo,.section>.demo{padding:.6mm 2mm;margin:0 0 1.5mm;font-size:7.5pt}
  .notes,.facts{font-size:.95rem}
  .data table{font-size:6.8pt}
  .data th,.data td{padding:.35mm 1mm}
  .data{break-before:page}
  .data .wide{margin-bottom:3mm}
}
"""
