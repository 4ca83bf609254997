// Reading the Prometheus text format the services serve at /metrics, and the few computations
// the summary needs: sums, rates between two scrapes, and quantiles from histogram buckets the
// way PromQL's histogram_quantile does.

// One scrape: [{name, labels: {…}, value}] for every sample line; comments are skipped.
export function parseMetrics(text) {
  const samples = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

// `name{a="x",b="y \"q\""} 1.5 [timestamp]`, or null for a line that is not one.
function parseLine(line) {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) return null;
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  const labels = {};
  if (rest.startsWith('{')) {
    let i = 1;
    while (i < rest.length && rest[i] !== '}') {
      const labelMatch = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(rest.slice(i));
      if (!labelMatch) return null;
      i += labelMatch[0].length;
      let value = '';
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\' && i + 1 < rest.length) {
          const escaped = rest[i + 1];
          value += escaped === 'n' ? '\n' : escaped;
          i += 2;
        } else {
          value += rest[i];
          i += 1;
        }
      }
      labels[labelMatch[1]] = value;
      i += 1; // the closing quote
      while (i < rest.length && (rest[i] === ',' || rest[i] === ' ')) i += 1;
    }
    rest = rest.slice(i + 1);
  }
  const value = parseValue(rest.trim().split(/\s+/)[0]);
  return Number.isNaN(value) && rest.trim() === '' ? null : { name, labels, value };
}

function parseValue(text) {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function matches(labels, filter) {
  return Object.entries(filter).every(([key, value]) => labels[key] === value);
}

// The sum of every sample of `name` whose labels include `filter`.
export function total(samples, name, filter = {}) {
  return samples.filter((s) => s.name === name && matches(s.labels, filter))
    .reduce((sum, s) => sum + s.value, 0);
}

// The sums of `name` by the value of `label`: {payment_declined: 3, …}.
export function totalsBy(samples, name, label) {
  const sums = {};
  for (const s of samples) {
    if (s.name !== name || !(label in s.labels)) continue;
    sums[s.labels[label]] = (sums[s.labels[label]] ?? 0) + s.value;
  }
  return sums;
}

// A histogram's cumulative buckets, summed over all its series (every label but le):
// [{le, count}] sorted by le, +Inf last.
export function buckets(samples, histogram, filter = {}) {
  const byBound = new Map();
  for (const s of samples) {
    if (s.name !== `${histogram}_bucket` || !matches(s.labels, filter)) continue;
    const le = parseValue(s.labels.le);
    byBound.set(le, (byBound.get(le) ?? 0) + s.value);
  }
  return [...byBound.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

// The buckets of `now` minus those of `before`: what was observed between two scrapes.
export function bucketsBetween(before, now) {
  const earlier = new Map(before.map((b) => [b.le, b.count]));
  return now.map((b) => ({ le: b.le, count: Math.max(0, b.count - (earlier.get(b.le) ?? 0)) }));
}

// The q-quantile (0 ≤ q ≤ 1) of the observations in cumulative `buckets`, as histogram_quantile:
// the bucket holding rank q × total, interpolated linearly within it (from 0 for the first
// bucket); a rank in the +Inf bucket answers the highest finite bound. NaN with no observation.
export function quantile(q, cumulative) {
  if (cumulative.length === 0) return NaN;
  const count = cumulative[cumulative.length - 1].count;
  if (!(count > 0)) return NaN;
  const rank = q * count;
  let index = cumulative.findIndex((b) => b.count >= rank);
  if (index < 0) index = cumulative.length - 1;
  const bucket = cumulative[index];
  if (bucket.le === Infinity) {
    return cumulative.length > 1 ? cumulative[cumulative.length - 2].le : NaN;
  }
  const lowerBound = index === 0 ? 0 : cumulative[index - 1].le;
  const lowerCount = index === 0 ? 0 : cumulative[index - 1].count;
  const inBucket = bucket.count - lowerCount;
  if (inBucket <= 0) return bucket.le;
  return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
}

// Per second, between two readings of a counter taken `seconds` apart; a counter that went down
// (its process restarted) counts from zero.
export function rate(before, now, seconds) {
  if (!(seconds > 0)) return NaN;
  const increase = now >= before ? now - before : now;
  return increase / seconds;
}
