-- Drives `k8slint lsp` from Neovim's own LSP client (run by test_neovim.py with `nvim --headless`):
-- opens app/svc.yaml, waits for diagnostics, edits the buffer, asks for a hover and the code actions,
-- applies "suppress for this object" and waits for the new diagnostics. Writes what it saw as JSON.
-- `vim.lsp.start_client` + `buf_attach_client` work from Neovim 0.7 (Debian 12's) on.
local python = os.getenv("K8SLINT_PYTHON")
local root = os.getenv("K8SLINT_PROJECT")
local result_path = os.getenv("K8SLINT_RESULT")
local seen = {}
local published = 0

local function write_result(ok, message)
  seen.ok = ok
  seen.message = message
  local handle = io.open(result_path, "w")
  handle:write(vim.json.encode(seen))
  handle:close()
end

local function wait_for(what, condition)
  if not vim.wait(30000, condition, 20) then
    error("timed out waiting for " .. what)
  end
end

local function session()
  vim.cmd("edit " .. root .. "/app/svc.yaml")
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local client_id = vim.lsp.start_client({
    name = "k8slint",
    cmd = { python, "-m", "k8slint", "lsp" },
    root_dir = root,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        if result.uri == uri then
          published = published + 1
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  vim.lsp.buf_attach_client(buf, client_id)
  wait_for("the first diagnostics", function() return published >= 1 end)
  seen.opened = #vim.diagnostic.get(buf)

  vim.api.nvim_buf_set_lines(buf, 5, 6, false, { "  selector: {app: webx}" })
  wait_for("the diagnostics of the edit", function() return #vim.diagnostic.get(buf) == 1 end)
  local found = vim.diagnostic.get(buf)[1]
  seen.edited = { code = found.code, source = found.source, lnum = found.lnum, col = found.col, message = found.message }

  local position = { line = 5, character = 4 }
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", { textDocument = { uri = uri }, position = position }, 10000)
  seen.hover = vim.split(hover[client_id].result.contents.value, "\n")[1]

  local params = {
    textDocument = { uri = uri },
    range = { start = { line = 5, character = 0 }, ["end"] = { line = 5, character = 24 } },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  seen.actions = {}
  local for_object
  for _, action in ipairs(answers[client_id].result) do
    table.insert(seen.actions, action.title)
    if action.title:find("for Service/web", 1, true) then
      for_object = action
    end
  end
  local before = published
  vim.lsp.util.apply_workspace_edit(for_object.edit, "utf-16")
  wait_for("the diagnostics after the code action", function() return published > before and #vim.diagnostic.get(buf) == 0 end)
  seen.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local ok, message = pcall(session)
write_result(ok, message and tostring(message) or nil)
vim.cmd(ok and "qall!" or "cquit! 1")
