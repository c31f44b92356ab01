const {evaluateLayer}=require('./out/server/src/engine'); const {loadCases}=require('./out/bench/engine');
const cls=process.argv[2];
const cases=loadCases().filter(c=>c.className===cls);
for(let r=0;r<3000;r++) for(const c of cases) evaluateLayer(c.className,c.args,c.input);
for(const c of cases){const N=20000; const t=process.hrtime.bigint(); let k; for(let i=0;i<N;i++) k=evaluateLayer(c.className,c.args,c.input); const d=Number(process.hrtime.bigint()-t)/N; console.log((d/1000).toFixed(2),'us', k.kind, JSON.stringify(c.args).slice(0,80), JSON.stringify(c.input.shapes));}
