/* What a visitor or a link typed, bounded before it is searched or shown. A crafted link
   (?zip= of 30,000 characters, ?q= of 10,000 words) must not fill the page with its text
   or make the search run for seconds. */
export const MAX_QUERY_CHARS = 200, MAX_QUERY_WORDS = 12, MAX_ECHO_CHARS = 40;

// The first words, at most MAX_QUERY_WORDS of them and MAX_QUERY_CHARS in all.
export const boundedQuery = (text) => text.slice(0, MAX_QUERY_CHARS * 4).trim().split(/\s+/)
  .slice(0, MAX_QUERY_WORDS).join(" ").slice(0, MAX_QUERY_CHARS);

// The start of a text quoted back in a message.
export const echo = (text) => text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
