import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adoptionOf,
  articleVersion,
  basisLine,
  categoryFrom,
  excerpt,
  knowledgeFields,
  QUERY_LIMIT,
  queryOf,
  suggester,
} from "./knowledgeSearch";

const HIT = {
  article_id: "KB-labour-001",
  version: 2,
  question: "单位拖欠工资，应该去哪里投诉？",
  answer: "可向区人力资源和社会保障局劳动保障监察大队投诉。",
  department_name: "区人力资源和社会保障局",
  basis: [{ title: "保障农民工工资支付条例", number: "国务院令第724号" }],
  categories: ["labour", "wage-arrears"],
};

describe("the words a search is made of", () => {
  it("joins the parts given, trimmed, and leaves out empty ones", () => {
    expect(queryOf("  欠薪 ", "", null, "老板不给钱\n")).toBe("欠薪 老板不给钱");
    expect(queryOf("", "  ")).toBe("");
  });

  it("sends at most the start of a long text", () => {
    expect(queryOf("工".repeat(500))).toHaveLength(QUERY_LIMIT);
  });
});

describe("an answer in a list", () => {
  it("is shortened on one line with an ellipsis only when cut", () => {
    expect(excerpt("短答复")).toBe("短答复");
    expect(excerpt("第一行\n第二行", 3)).toBe("第一行…");
    expect(excerpt("一二三四五六", 4)).toBe("一二三四…");
  });

  it("names its policy basis by title and number", () => {
    expect(basisLine(HIT.basis)).toBe("《保障农民工工资支付条例》（国务院令第724号）");
    expect(basisLine([{ title: "甲", number: "" }, { title: "乙", number: "2号" }])).toBe("《甲》；《乙》（2号）");
  });
});

describe("the article an answer came from", () => {
  it("is sent as its id and version, or not at all", () => {
    expect(knowledgeFields(adoptionOf(HIT))).toEqual({
      knowledge_article_id: "KB-labour-001",
      knowledge_article_version: 2,
    });
    expect(knowledgeFields(null)).toEqual({});
    expect(articleVersion("KB-labour-001", 2)).toBe("KB-labour-001 第 2 版");
  });

  it("gives a case without a category the first category the console knows", () => {
    expect(categoryFrom(HIT.categories, ["wage-arrears", "labour"])).toBe("labour");
    expect(categoryFrom(HIT.categories, ["wage-arrears"])).toBe("wage-arrears");
    expect(categoryFrom(HIT.categories, ["roads"])).toBe("");
    expect(categoryFrom(undefined, ["roads"])).toBe("");
  });
});

describe("suggestions while typing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function harness(answer: (query: string) => Promise<string[]>) {
    const asked: string[] = [];
    const shown: (string[] | null)[] = [];
    const failures: unknown[] = [];
    const typing = suggester<string[]>({
      search: (query) => {
        asked.push(query);
        return answer(query);
      },
      show: (result) => shown.push(result),
      fail: (error) => failures.push(error),
      delayMs: 300,
    });
    return { typing, asked, shown, failures };
  }

  it("asks once per pause in typing, for the latest text", async () => {
    const { typing, asked, shown } = harness(async (query) => [`答:${query}`]);
    typing.update("欠");
    typing.update("欠薪");
    await vi.advanceTimersByTimeAsync(299);
    expect(asked).toEqual([]);
    typing.update("欠薪投诉");
    await vi.advanceTimersByTimeAsync(300);
    expect(asked).toEqual(["欠薪投诉"]);
    expect(shown).toEqual([["答:欠薪投诉"]]);
  });

  it("asks nothing for empty text and clears what was shown", async () => {
    const { typing, asked, shown } = harness(async () => ["x"]);
    typing.update("   ");
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual([]);
    typing.update("户口");
    await vi.advanceTimersByTimeAsync(300);
    typing.update("");
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual(["户口"]);
    expect(shown).toEqual([["x"], null]);
  });

  it("never shows an older text's answer over a newer one", async () => {
    const pending: Record<string, (value: string[]) => void> = {};
    const { typing, shown } = harness((query) => new Promise((resolve) => (pending[query] = resolve)));
    typing.update("社保");
    await vi.advanceTimersByTimeAsync(300);
    typing.update("社保转移");
    await vi.advanceTimersByTimeAsync(300);
    pending["社保转移"]!(["新"]);
    await vi.advanceTimersByTimeAsync(0);
    pending["社保"]!(["旧"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([["新"]]);
  });

  it("drops an answer that arrives after the text was emptied or the page left", async () => {
    let finish: (value: string[]) => void = () => {};
    const { typing, shown, failures } = harness(() => new Promise((resolve) => (finish = resolve)));
    typing.update("医保");
    await vi.advanceTimersByTimeAsync(300);
    typing.stop();
    finish(["迟到"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("reports the latest search's failure, not an older one's", async () => {
    const { typing, failures, shown } = harness((query) =>
      query === "坏" ? Promise.reject(new Error("503")) : Promise.resolve(["好"]),
    );
    typing.update("坏");
    await vi.advanceTimersByTimeAsync(300);
    expect(failures).toHaveLength(1);
    typing.update("好的");
    await vi.advanceTimersByTimeAsync(300);
    expect(shown).toEqual([["好"]]);
  });

  it("does not ask again when a change leaves the words as they were", async () => {
    const { typing, asked } = harness(async () => []);
    typing.update("公积金");
    await vi.advanceTimersByTimeAsync(300);
    typing.update(" 公积金 ");
    await vi.advanceTimersByTimeAsync(300);
    expect(asked).toEqual(["公积金"]);
  });
});
