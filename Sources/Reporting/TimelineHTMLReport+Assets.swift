extension TimelineHTMLReport {
    /// The report's stylesheet (inline: the file must work offline, from a CI artifact).
    static let css = """
    :root{--ok:#2f8a57;--failed:#cf3a2e;--open:#e0961b;--skipped:#b9bec6;--ink:#1d232b;--dim:#667085;--line:#e4e7ec;--lw:340px}
    *{box-sizing:border-box}
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#f7f8fa}
    header{padding:18px 28px 12px;background:#fff;border-bottom:4px solid var(--dim)}
    header.v-ok{border-color:var(--ok)}header.v-failed{border-color:var(--failed)}header.v-open{border-color:var(--open)}
    h1{margin:0 0 6px;font-size:21px}h2{font-size:16px;margin:0 0 10px}
    .verdict{display:inline-block;margin:0 0 6px;padding:3px 12px;border-radius:4px;font-weight:700;letter-spacing:.05em;color:#fff;background:var(--dim)}
    .verdict.v-ok{background:var(--ok)}.verdict.v-failed{background:var(--failed)}.verdict.v-open{background:var(--open)}
    .meta{margin:2px 0;color:var(--dim)}
    main{padding:16px 28px 60px}
    section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:0 0 16px}
    table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
    th{font-weight:600;color:var(--dim)}td.facts{color:var(--dim);font-size:12px}
    code,pre{font:12px/1.4 ui-monospace,"SFMono-Regular",Menlo,"DejaVu Sans Mono",monospace}
    pre.err{margin:4px 0;padding:6px 8px;background:#fff1f0;border-left:3px solid var(--failed);white-space:pre-wrap;word-break:break-word}
    .badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;background:#eef0f3}
    .badge.o-ok{background:#e3f4ea;color:var(--ok)}.badge.o-failed{background:#fde7e5;color:var(--failed)}.badge.o-open{background:#fdf1dc;color:#a8690a}
    .dim,.ev,.note{color:var(--dim)}.bad{color:var(--failed);font-weight:600}
    ul.problems{margin:0;padding-left:18px}ul.problems>li{margin:0 0 8px}
    .diag{margin:4px 0 0;padding:4px 10px;background:#f3f5f8;border-radius:4px}.diag p{margin:2px 0}.diag ul{margin:0}
    .legend{color:var(--dim);font-size:12px}.sw{display:inline-block;width:18px;height:10px;margin:0 3px 0 8px;border-radius:2px;vertical-align:middle}
    .k-ok{background:var(--ok)}.k-failed{background:var(--failed)}.k-open{background:var(--open)}.k-skipped{border:1px dashed var(--skipped)}
    .sw.k-loop{height:5px;background:#28507a}.sw.k-slow{height:5px;background:#c98a00}
    .sw.k-stuck{height:8px;background:repeating-linear-gradient(45deg,#8f1d14 0 3px,#f08a80 3px 6px)}
    .gantt{position:relative;font-size:12px;border-top:1px solid var(--line)}
    .row{display:grid;grid-template-columns:var(--lw) 1fr;min-height:20px;border-bottom:1px solid #f1f2f4;content-visibility:auto;contain-intrinsic-size:auto 20px}
    .row:hover{background:#f5f8ff}.row.op{background:#f3f5f8;font-weight:600}
    .row.axis{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);content-visibility:visible;color:var(--dim)}
    .lbl{padding:2px 8px 2px 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer}
    .lbl .du{color:var(--dim);margin-left:6px;font-weight:400}.row.folded .nm::after{content:" ▸";color:var(--dim)}
    .trk{position:relative;background-image:linear-gradient(to right,var(--line) 1px,transparent 1px);background-size:var(--grid,10%) 100%}
    .axis .trk{background:none;height:20px}.tick{position:absolute;top:2px;transform:translateX(-50%);white-space:nowrap;font-size:11px}
    .tick:first-child{transform:none}
    .phase-bar,.op-bar{position:absolute;top:3px;height:13px;min-width:2px;border-radius:2px;background:var(--ok);cursor:pointer}
    .op-bar{top:2px;height:15px;background:#3d4a5c}
    .o-failed.phase-bar,.o-failed.op-bar{background:var(--failed);box-shadow:0 0 0 2px #f7b6b0}
    .o-open.phase-bar,.o-open.op-bar{background:var(--open)}
    .o-skipped.phase-bar{background:transparent;border:1px dashed var(--skipped)}
    .phase-bar.est,.op-bar.est{background:transparent;border:1px dashed var(--dim)}
    .lp{position:absolute;top:11px;height:5px;min-width:2px;background:#28507a;opacity:.85;pointer-events:auto;cursor:pointer}
    .lp.v-slow{background:#c98a00}
    .lp.v-stuck{top:9px;height:8px;background:repeating-linear-gradient(45deg,#8f1d14 0 3px,#f08a80 3px 6px);outline:1px solid #8f1d14}
    .row.hid,.only .row.np{display:none}
    .detail{position:fixed;right:16px;bottom:16px;width:440px;max-height:55vh;overflow:auto;background:#fff;border:1px solid #cfd4dc;
      border-radius:6px;box-shadow:0 6px 24px rgba(16,24,40,.18);padding:10px 14px;font-size:13px;z-index:5}
    .detail.pinned{border-color:#3d6bd6}.detail h3{margin:0 0 6px;font-size:14px;word-break:break-all}
    .detail dl{display:grid;grid-template-columns:110px 1fr;gap:2px 8px;margin:0}.detail dt{color:var(--dim)}.detail dd{margin:0;word-break:break-word}
    .trends{display:flex;flex-wrap:wrap;gap:12px}.trend{margin:0;padding:6px;border:1px solid var(--line);border-radius:4px}
    .trend.regressed{border-color:var(--failed)}.trend figcaption{font-size:12px;max-width:320px}
    .trend .band{fill:#dfe9f7}.trend .median{stroke:#5b7bb4;stroke-dasharray:4 3}.trend .ax{stroke:#c5cad3}
    .trend .series{fill:none;stroke:#3d4a5c;stroke-width:1.5}.trend .pt{fill:#3d4a5c}.trend .pt.regression{fill:var(--failed)}
    .trend .pt.current{stroke:#fff;stroke-width:1.5}.trend .yl{font-size:9px;fill:var(--dim)}
    .sev-error .badge{background:#fde7e5}.sev-warning .badge{background:#fdf1dc}
    """

    /// Draws the Gantt chart from the embedded JSON (`dataJSON`) and shows a bar's evidence on hover or
    /// click. The rows are built as one HTML string and parsed once (several times faster than one
    /// `createElement` per node for 10,000 rows); every value from the data goes through `esc`, which
    /// escapes `& < > " '`. The detail panel sets `textContent` only.
    static let script = """
    (function(){"use strict";
    var D=JSON.parse(document.getElementById("tkgqa-data").textContent);
    var OUT=["ok","failed","open","skipped"],LV=["ok","slow","stuck"],rows=D.rows,files=D.files;
    var g=document.getElementById("gantt"),det=document.getElementById("detail"),pinned=null;
    function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=x;return e}
    function pad(n){return(n<10?"0":"")+n}
    function dur(s){if(s==null)return"";if(s<1)return Math.round(s*1000)+"ms";if(s<60)return(s<10?(Math.round(s*10)/10):Math.round(s))+"s";
    var t=Math.round(s);if(t<3600)return Math.floor(t/60)+"m"+pad(t%60)+"s";return Math.floor(t/3600)+"h"+pad(Math.floor(t%3600/60))+"m"}
    function pct(v){return(v/1000)+"%"}
    function loc(f,l){return f==null||f<0?"":files[f]+":"+l}
    function when(v){if(!D.timed)return"";var s=new Date((D.origin+v/100000*D.span)/1000).toISOString().replace(/\\.\\d+Z$/,"Z");
    return D.zone?s:s.slice(0,-1)+" (log host time)"}
    var total=D.timed?D.span/1e6:D.span,step;
    if(D.timed){var st=[1,2,5,10,15,30,60,120,300,600,900,1800,3600,7200,10800,21600,43200,86400];step=st[st.length-1];
    for(var k=0;k<st.length;k++){if(total/st[k]<=10){step=st[k];break}}}else{step=Math.max(1,Math.ceil(total/10))}
    g.style.setProperty("--grid",(step/total*100)+"%");
    var ax=el("div","row axis");ax.appendChild(el("div","lbl",D.timed?"phase · duration":"phase (no clock: order only)"));
    var at=el("div","trk");for(var t=0;t<=total+1e-9;t+=step){var tk=el("span","tick",D.timed?(t===0?"0":"+"+dur(t)):"#"+t);
    tk.style.left=(t/total*100)+"%";if(D.timed)tk.title=when(t/total*100000);at.appendChild(tk)}
    ax.appendChild(at);g.appendChild(ax);
    function esc(v){return String(v).replace(/[&<>"']/g,function(c){return"&#"+c.charCodeAt(0)+";"})}
    var paths=[],opOf=[],prob=new Array(rows.length),stack=[],names=[],h=[];
    for(var i=0;i<rows.length;i++){var r=rows[i],d=r[0],o=r[2]||0,lo=r[3]||0,hi=r[4]||0,fl=r[6]||0,L=r[9]||[];
    names[d]=r[1];names.length=d+1;paths[i]=d===0?r[1]:names.slice(1).join("/");stack[d]=i;stack.length=d+1;opOf[i]=stack[0];
    var p=o===1||o===2;for(var j=0;j<L.length;j++)if(L[j][2])p=true;
    if(p)for(var a=0;a<stack.length;a++)prob[stack[a]]=true;
    h.push('<div class="row'+(d===0?' op':'')+'" data-i="'+i+'"><div class="lbl" style="padding-left:'+(4+d*14)+'px"><span class="nm">'+esc(r[1])+'</span>'
    +(r[5]!=null?'<span class="du">'+dur(r[5])+'</span>':'')+(o>1?'<span class="du">'+OUT[o]+'</span>':'')
    +'</div><div class="trk"><div class="'+(d===0?'op-bar':'phase-bar')+' o-'+OUT[o]+(fl&1?' est':'')+(fl&2?' inst':'')
    +'" style="left:'+pct(lo)+';width:'+pct(hi-lo)+'" data-i="'+i+'"'+(d>0?' data-phase-id="'+esc(r[1])+'" data-path="'+esc(paths[i])+'"':'')+'></div>');
    for(j=0;j<L.length;j++){var l=L[j];h.push('<div class="lp v-'+LV[l[2]||0]+'" style="left:'+pct(l[0]||0)+';width:'+pct((l[1]||0)-(l[0]||0))
    +'" data-i="'+i+'" data-l="'+j+'"></div>')}
    h.push('</div></div>')}
    g.insertAdjacentHTML("beforeend",h.join(""));
    var els=Array.prototype.slice.call(g.children,1);
    for(i=0;i<rows.length;i++)if(!prob[i])els[i].classList.add("np");
    function add(dl,k,v){if(v==null||v==="")return;dl.appendChild(el("dt",null,k));var dd=el("dd");
    if(v.nodeType)dd.appendChild(v);else dd.textContent=v;dl.appendChild(dd)}
    function list(dl,k,a){if(a&&a.length)add(dl,k,a.join("\\n"))}
    function show(i,li){var r=rows[i],d=r[0],o=r[2]||0,fl=r[6]||0,ev=r[7],er=r[8],L=r[9]||[];det.textContent="";det.hidden=false;
    det.className="detail"+(pinned!==null?" pinned":"");
    det.appendChild(el("h3",null,d===0?r[1]:rows[opOf[i]][1]+" › "+paths[i]));var dl=el("dl");det.appendChild(dl);
    if(li!=null){var l=L[li];add(dl,"loop",l[3]);add(dl,"state",l[4]);add(dl,"verdict",LV[l[2]||0]);add(dl,"polls",String(l[5]||0));
    add(dl,"lines",loc(l[6],l[7])+" – "+loc(l[6],l[8]));if(l[9]!=null)add(dl,"period",dur(l[9]));if(l[10]!=null)add(dl,"total",dur(l[10]));
    if(l[11]!=null)add(dl,"healthy within",dur(l[11]));var dg=l[12];if(dg){add(dl,"diagnosis",dg[0]);list(dl,"likely causes",dg[1]);
    list(dl,"check",dg[2]);list(dl,"evidence",dg[3])}if(D.timed)add(dl,"from",when(l[0]||0)+" to "+when(l[1]||0));return}
    add(dl,"outcome",OUT[o]+(fl&2?" (instant)":""));if(r[10])add(dl,d===0?"about":"title",r[10]);
    if(D.timed&&!(fl&1)){add(dl,"start",when(r[3]||0));add(dl,"end",when(r[4]||0))}if(fl&1)add(dl,"position","estimated (no time in the log)");
    if(r[5]!=null)add(dl,"duration",dur(r[5]));if(r[11]!=null)add(dl,"log reports",dur(r[11]));
    if(ev){add(dl,"started at",loc(ev[0],ev[1]));add(dl,"ended at",loc(ev[2],ev[3]))}
    if(er){var pre=el("pre","err",er[0]);add(dl,"error",pre);add(dl,"error at",loc(er[1],er[2])+" ("+er[3]+")")}
    for(var j=0;j<L.length;j++){var m=L[j];add(dl,"loop "+(j+1),m[3]+": "+m[4]+" ×"+(m[5]||0)+" "+LV[m[2]||0]+" "+loc(m[6],m[7])+"–"+(m[8]||""))}
    det.appendChild(el("p","note",pinned!==null?"pinned: click the bar again to release":"click to pin"))}
    function target(e){var t=e.target;while(t&&t!==g){if(t.dataset&&t.dataset.i!=null&&(t.classList.contains("phase-bar")||t.classList.contains("op-bar")||t.classList.contains("lp")))return t;t=t.parentNode}return null}
    g.addEventListener("mouseover",function(e){if(pinned!==null)return;var t=target(e);if(t)show(+t.dataset.i,t.dataset.l!=null?+t.dataset.l:null)});
    g.addEventListener("click",function(e){var t=target(e);if(t){var key=t.dataset.i+"/"+(t.dataset.l||"");pinned=pinned===key?null:key;
    show(+t.dataset.i,t.dataset.l!=null?+t.dataset.l:null);return}
    var lb=e.target.closest?e.target.closest(".lbl"):null;if(!lb||!lb.parentNode.dataset.i)return;var i=+lb.parentNode.dataset.i,d=rows[i][0];
    var fold=!els[i].classList.contains("folded");els[i].classList.toggle("folded",fold);
    for(var j=i+1;j<rows.length&&rows[j][0]>d;j++){els[j].classList.toggle("hid",fold);els[j].classList.remove("folded")}});
    document.getElementById("only-problems").addEventListener("change",function(e){g.classList.toggle("only",e.target.checked)});
    var m=/^#pin=(\\d+)$/.exec(location.hash);if(m&&rows[+m[1]]){pinned=m[1]+"/";show(+m[1],null)}
    document.addEventListener("keydown",function(e){if(e.key==="Escape"){pinned=null;det.hidden=true}});
    })();
    """
}
