/**
 * @internal Embeds as Discord answers them: every embed has its `type` (`'rich'` for those a bot
 * sends) and every field its `inline` (false unless asked).
 */
export function embedsOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((embed: Record<string, unknown>) => ({
    type: 'rich',
    ...embed,
    ...(Array.isArray(embed.fields)
      ? { fields: embed.fields.map((field: Record<string, unknown>) => ({ inline: false, ...field })) }
      : {}),
  }));
}

// What Discord fills in for each kind of component a bot may leave out (by component type).
const SELECT_DEFAULTS = { min_values: 1, max_values: 1 };
const COMPONENT_DEFAULTS: Readonly<Record<number, Record<string, unknown>>> = {
  3: SELECT_DEFAULTS,
  5: SELECT_DEFAULTS,
  6: SELECT_DEFAULTS,
  7: SELECT_DEFAULTS,
  8: SELECT_DEFAULTS,
  11: { description: null, spoiler: false },
  13: { spoiler: false },
  14: { spacing: 1, divider: true },
  17: { accent_color: null, spoiler: false },
};

/**
 * @internal Message components as Discord answers them: every component, however deeply nested,
 * has a numeric `id` (the bot's own, or the next free one in order, as Discord numbers them), and
 * the defaults of its kind.
 */
export function componentsOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  const taken = new Set<number>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node !== null && typeof node === 'object') {
      const { id, components, accessory } = node as Record<string, unknown>;
      if (typeof id === 'number') taken.add(id);
      collect(components);
      collect(accessory);
    }
  };
  collect(value);
  let next = 1;
  const nextId = () => {
    while (taken.has(next)) next += 1;
    taken.add(next);
    return next;
  };
  const normalize = (component: Record<string, unknown>): Record<string, unknown> => {
    const id = typeof component.id === 'number' ? component.id : nextId();
    const items = Array.isArray(component.items)
      ? {
          items: component.items.map((item: Record<string, unknown>) => ({
            description: null,
            spoiler: false,
            ...item,
          })),
        }
      : {};
    return {
      ...COMPONENT_DEFAULTS[component.type as number],
      ...component,
      id,
      ...items,
      ...(Array.isArray(component.components) ? { components: component.components.map(normalize) } : {}),
      ...(component.accessory === undefined
        ? {}
        : { accessory: normalize(component.accessory as Record<string, unknown>) }),
    };
  };
  return value.map(normalize);
}
