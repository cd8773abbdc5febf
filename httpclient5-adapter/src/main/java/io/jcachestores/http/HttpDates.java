package io.jcachestores.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP dates as RFC 9110 (section 5.6.7) defines them, read strictly: the IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the two obsolete forms recipients must accept
 * (RFC 850 {@code Sunday, 06-Nov-94 08:49:37 GMT}, asctime {@code Sun Nov  6 08:49:37 1994}),
 * names in any case. httpclient's own parser also accepts other zones, two-digit years in the
 * IMF form and one-digit hours, which RFC 9111 (section 5.3) requires a cache to treat as
 * already expired.
 */
final class HttpDates {

  /** An {@code Expires} value meaning "already expired". */
  static final String EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT";

  private static final String DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
  private static final String LONG_DAY =
      "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
  private static final String MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
  private static final String TIME = "\\d{2}:\\d{2}:\\d{2}";

  private record Form(Pattern pattern, DateTimeFormatter formatter) {}

  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("dd-MMM-")
      // RFC 9110: a two-digit year more than 50 years in the future is in the past century
      .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDateTime.now(ZoneOffset.UTC).getYear() - 49)
      .appendPattern(" HH:mm:ss")
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);

  private static final List<Form> FORMS = List.of(
      form(DAY + ", (\\d{2} " + MONTH + " \\d{4} " + TIME + ") GMT", "dd MMM uuuu HH:mm:ss"),
      form(LONG_DAY + ", (\\d{2}-" + MONTH + "-\\d{2} " + TIME + ") GMT", null),
      form(DAY + " (" + MONTH + " (?: \\d|\\d{2}) " + TIME + " \\d{4})", "MMM ppd HH:mm:ss uuuu"));

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT);

  private HttpDates() {}

  private static Form form(String regex, String pattern) {
    return new Form(Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
        pattern == null ? RFC_850 : new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern(pattern).toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT));
  }

  /** Returns the instant {@code value} denotes, or null if it is not a valid HTTP date. */
  static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    for (Form f : FORMS) {
      Matcher m = f.pattern.matcher(value);
      if (m.matches()) {
        try { // the day name is not checked against the date, as most parsers do not
          return LocalDateTime.parse(m.group(1), f.formatter).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          return null; // matches the grammar, but is not a real date (31 Feb)
        }
      }
    }
    return null;
  }

  /** Returns {@code instant} as an IMF-fixdate. */
  static String format(Instant instant) {
    return IMF_FIXDATE.format(instant.atOffset(ZoneOffset.UTC));
  }
}
