import { LoadersByColumns, loaderOfMany } from "./loaders";

describe("LoadersByColumns", () => {
  const family = () => {
    const batches: { asked: readonly string[]; keys: readonly number[] }[] = [];
    const loaders = new LoadersByColumns((asked) =>
      loaderOfMany(
        async (keys: readonly number[]) => {
          batches.push({ asked, keys });
          return keys.map((key) => ({ key, asked: asked.join() }));
        },
        (row) => row.key,
      ),
    );
    return { loaders, batches };
  };

  it("shares one loader, and its batch, among the fields that read the same columns", async () => {
    const { loaders, batches } = family();
    const asked = ["status", "amount"];
    const rows = await Promise.all([1, 2].map((key) => loaders.reading(asked).load(key)));
    await loaders.reading(["status", "amount"]).load(1);
    await loaders.reading(["status"]).load(1);
    expect(rows).toEqual([[{ key: 1, asked: "status,amount" }], [{ key: 2, asked: "status,amount" }]]);
    expect(batches).toEqual([
      { asked, keys: [1, 2] },
      { asked: ["status"], keys: [1] },
    ]);
  });

  it("forgets a key in every loader when cleared", async () => {
    const { loaders, batches } = family();
    await loaders.reading(["a"]).load(1);
    await loaders.reading(["b"]).load(1);
    loaders.clear(1);
    await loaders.reading(["a"]).load(1);
    await loaders.reading(["b"]).load(1);
    expect(batches.map(({ asked }) => asked.join())).toEqual(["a", "b", "a", "b"]);
  });
});
