import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from './errors.ts';

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40) throw badUserInput('DateTime must be an ISO-8601 string.');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput('DateTime must be an ISO-8601 string.');
  return date;
}

/** ISO-8601 UTC timestamps on the wire, `Date` in resolvers. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    return parseDate(value).toISOString();
  },
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be an ISO-8601 string.');
    return parseDate(ast.value);
  },
});
