// The category picker's groups: the taxonomy's leaves under their domain (领域), in the
// catalogue's order. A flat catalogue (no domains) is one group without a label.

export interface Leaf {
  code: string;
  name: string;
  domain?: string | null;
  domain_name?: string | null;
  group_name?: string | null;
}

export interface LeafGroup<T extends Leaf> {
  label: string;
  leaves: T[];
}

/** Leaves without a domain come last, under 其他 when others have one. */
export function groupByDomain<T extends Leaf>(leaves: readonly T[]): LeafGroup<T>[] {
  const groups = new Map<string, LeafGroup<T>>();
  const loose: T[] = [];
  for (const leaf of leaves) {
    if (!leaf.domain_name) {
      loose.push(leaf);
      continue;
    }
    const key = leaf.domain ?? leaf.domain_name;
    const group = groups.get(key) ?? { label: leaf.domain_name, leaves: [] };
    group.leaves.push(leaf);
    groups.set(key, group);
  }
  const out = [...groups.values()];
  if (loose.length) out.push({ label: out.length ? "其他" : "", leaves: loose });
  return out;
}

/** What an option shows: the item, with its category when it has one. */
export function leafLabel(leaf: Leaf): string {
  return leaf.group_name ? `${leaf.name}（${leaf.group_name}）` : leaf.name;
}
