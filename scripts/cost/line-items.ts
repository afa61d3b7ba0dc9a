/** What every estimator returns, and the one way a quantity becomes dollars: quantity × unit price. */
import { UsageAssumptions } from "./assumptions";
import { PRICES, RegionPrices } from "./prices";
import { TerraformStackJson } from "./terraform";

/** A quantity or a cost at the fewest and the most tasks (or instances, or capacity) the JSON allows. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface LineItem {
  readonly item: string;
  /** The Terraform address, or `<type> ×<n>` for a line that sums every resource of a type. */
  readonly address: string;
  readonly quantity: Range;
  readonly unit: string;
  /** USD per unit, or null when not priced. */
  readonly unitPrice: number | null;
  /** USD a month, or null when not priced: such a line is never counted as zero, `unpriced` says why. */
  readonly monthly: Range | null;
  readonly unpriced: string | null;
  /** How the quantity was reached: the assumption or rule behind it. */
  readonly note: string;
}

export interface EstimateContext {
  readonly stack: TerraformStackJson;
  /** The provider's region, or a description when it is not a literal. */
  readonly region: string;
  readonly prices: RegionPrices | undefined;
  readonly usage: UsageAssumptions;
}

export type Price = { readonly perUnit: number } | { readonly missing: string };

export function fixed(value: number): Range {
  return { min: value, max: value };
}

export function scaleRange(range: Range, factor: number): Range {
  return { min: range.min * factor, max: range.max * factor };
}

/** A price from the region's table, or why there is none (unknown region, class or type). */
export function price(context: EstimateContext, pick: (prices: RegionPrices) => number | undefined, what: string): Price {
  if (!context.prices) return { missing: `region ${context.region} is not in the price table (it has ${Object.keys(PRICES).join(", ")})` };
  const perUnit = pick(context.prices);
  return perUnit === undefined ? { missing: `${what} is not in the price table for ${context.region}` } : { perUnit };
}

export function scaledPrice(base: Price, factor: number): Price {
  return "perUnit" in base ? { perUnit: base.perUnit * factor } : base;
}

/** A line that is not priced, whatever the region: something the price table has no model for. */
export function unmodelled(why: string): Price {
  return { missing: why };
}

export interface LineSpec {
  readonly item: string;
  readonly address: string;
  readonly quantity: Range | number;
  readonly unit: string;
  readonly price: Price;
  readonly note?: string;
}

export function lineItem(spec: LineSpec): LineItem {
  const quantity = typeof spec.quantity === "number" ? fixed(spec.quantity) : spec.quantity;
  const priced = "perUnit" in spec.price;
  return {
    item: spec.item,
    address: spec.address,
    quantity,
    unit: spec.unit,
    unitPrice: priced ? spec.price.perUnit : null,
    monthly: priced ? scaleRange(quantity, spec.price.perUnit) : null,
    unpriced: priced ? null : spec.price.missing,
    note: spec.note ?? "",
  };
}

/** A number for a note: thousands separated, shares of tasks to two decimals. */
export function count(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** `3` or `3–12`. */
export function countRange(range: Range): string {
  return range.min === range.max ? count(range.min) : `${count(range.min)}–${count(range.max)}`;
}

/** The address of a line that sums every resource of a type. */
export function summedAddress(type: string, count: number): string {
  return `${type} ×${count}`;
}
