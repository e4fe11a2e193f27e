// The libraries from wwwroot/lib that stay classic scripts: @microsoft/signalr, chart.js and tus-js-client
// ship no ES module a browser can load without a bundler (theirs import other packages by bare name). A page
// loads each with a <script> tag before its module; this is the one place the modules read their globals.
// hls.js has a self-contained ES module build: player.js imports it.
export const { Chart, signalR, tus } = globalThis;
