-- image_upload: POST /api/images/upload, multipart field "image", a 2 MP JPEG from BENCH_IMAGES (photo000.jpg ...,
-- made by bench/imagebench). The hash is per user and per master (contract 6), so a repeated (user, picture) pair is a
-- dedupe that skips the writes: each wrk thread walks its own half of the tokens, then the next picture, so no pair
-- repeats before tokens x pictures / 2 requests per thread (bench/run.sh compares the new rows with the requests).
local boundary = "sanctumbenchboundary7d93"
local pictures = {}
local n = 0

local base_init = init
function init(args)
  base_init(args)
  local dir, count = os.getenv("BENCH_IMAGES"), tonumber(os.getenv("BENCH_IMAGE_COUNT") or "0")
  for i = 0, count - 1 do
    local file = assert(io.open(string.format("%s/photo%03d.jpg", dir, i), "rb"))
    pictures[#pictures + 1] = file:read("*a")
    file:close()
  end
end

request = function()
  local half = math.floor(#tokens / 2)
  local offset = ((thread_id or 1) - 1) * half
  local token = tokens[offset + (n % half) + 1]
  local picture = pictures[(math.floor(n / half) % #pictures) + 1]
  n = n + 1
  local body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="image"; filename="bench.jpg"\r\n'
    .. "Content-Type: image/jpeg\r\n\r\n" .. picture .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/images/upload",
    { ["Content-Type"] = "multipart/form-data; boundary=" .. boundary, ["Authorization"] = "Bearer " .. token }, body)
end
