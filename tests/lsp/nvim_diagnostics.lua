-- Headless Neovim (0.7 or newer) with `connlint server` attached to one file:
-- waits for its diagnostics and writes them, one `line:code:message` per
-- line, to $CONNLINT_OUT. Run by tests/server.rs:
--   nvim --headless -u NONE -i NONE -n -c "luafile tests/lsp/nvim_diagnostics.lua"
local bin = os.getenv("CONNLINT_BIN")
local file = os.getenv("CONNLINT_FILE")
local out = os.getenv("CONNLINT_OUT")
local root = os.getenv("CONNLINT_ROOT")

local function finish(lines)
  local f = assert(io.open(out, "w"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local client = vim.lsp.start_client({
  name = "connlint",
  cmd = { bin, "server" },
  root_dir = root,
})
if not client then
  finish({ "error: the client did not start" })
  return
end
vim.lsp.buf_attach_client(0, client)

local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
if not ok then
  finish({ "error: no diagnostics within 20 s" })
  return
end
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  table.insert(lines, string.format("%d:%s:%s", d.lnum + 1, tostring(code), d.message:gsub("\n.*", "")))
end
table.sort(lines)
finish(lines)
