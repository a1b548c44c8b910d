import { AppError } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/json-route";
import { decompressPage, parseDecompressQuery } from "@/lib/tasks/queries/decompress-list";
import { getDecompressList } from "@/lib/tasks/queries/get-task-detail";

// A page of one item's decompress list (?q=&offset=&limit=).
export async function GET(request: Request, context: { params: Promise<{ persistentId: string; itemId: string }> }): Promise<Response> {
  const { persistentId, itemId } = await context.params;
  return jsonRoute(request, async () => {
    const query = parseDecompressQuery(new URL(request.url).searchParams);
    const list = await getDecompressList(persistentId, itemId);
    if (list === null) throw new AppError("not_found", `Task ${persistentId} has no item ${itemId} with a decompress list.`);
    return decompressPage(list, query);
  });
}
