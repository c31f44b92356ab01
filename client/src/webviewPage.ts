// The frame of the extension's webview pages (no VS Code API here, so the
// pages can be tested in Node): a strict Content-Security-Policy under which
// only the page's own style and script run, allowed by `nonce` alone.
export function webviewPage(cspSource: string, nonce: string, page: { readonly style: string; readonly body: string; readonly script: string }): string {
  const csp = [`default-src 'none'`, `img-src ${cspSource} data:`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${page.style}</style>
</head>
<body>
${page.body}
<script nonce="${nonce}">${page.script}</script>
</body>
</html>`;
}
