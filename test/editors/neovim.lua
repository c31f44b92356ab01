-- Drives Neovim's built-in LSP client against the Keras Shapes server and
-- writes what it saw as JSON. Run by test/neovim.test.ts:
--   nvim --headless --clean -c "luafile test/editors/neovim.lua" FILE
-- Environment: KS_SERVER (the server's main.js), KS_OUT (where to write),
-- KS_HOVER_LINE / KS_HOVER_COL (0-based position to hover).
local out_path = os.getenv('KS_OUT')
local result = { diagnostics = {}, hover = nil, errors = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'keras-shapes',
    cmd = { 'node', os.getenv('KS_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    on_error = function(code) table.insert(result.errors, 'client error ' .. tostring(code)) end,
  })
  if not client_id then error('the server did not start') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- Diagnostics are pushed after the server's delay: wait for them.
  vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { line = d.lnum, col = d.col, message = d.message, code = d.code, source = d.source })
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(os.getenv('KS_HOVER_LINE')), character = tonumber(os.getenv('KS_HOVER_COL')) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 15000)
  for _, r in pairs(responses or {}) do
    if r.result and r.result.contents then
      local c = r.result.contents
      result.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or c
    end
    if r.err then table.insert(result.errors, vim.fn.json_encode(r.err)) end
  end
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
