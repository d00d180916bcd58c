// Name lookups that see only a table's own entries. `name in table` and `table[name]` also find what every object
// inherits (toString, constructor, __proto__), so `--preset toString` or a grid key "__proto__" used to look valid.

export function hasOwnKey(table: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** table[key] if the table itself holds key, else undefined. */
export function ownValue<T>(table: { readonly [key: string]: T }, key: string): T | undefined {
  return hasOwnKey(table, key) ? table[key] : undefined;
}
