/// The seed's job 1 (`rss_events` → `rss_signals_hourly`, both kafka tables, JSON): hourly TUMBLE windows
/// per market with COUNT, SUM and AVG of a product. Shared by the tests that plan, validate or deploy it.
public enum SeedJob {
    public static let job1 = """
    CREATE TABLE rss_events (
      market_slug STRING,
      published_at TIMESTAMP(3),
      keyword_score DOUBLE,
      article_score DOUBLE,
      source_weight DOUBLE,
      WATERMARK FOR published_at AS published_at - INTERVAL '5' SECOND
    ) WITH ('connector' = 'kafka', 'topic' = 'rss_events', 'format' = 'json');

    CREATE TABLE rss_signals_hourly (
      market_slug STRING,
      window_start TIMESTAMP(3),
      mention_count BIGINT,
      keyword_score DOUBLE,
      source_weighted_signal DOUBLE
    ) WITH ('connector' = 'kafka', 'topic' = 'rss_signals_hourly', 'format' = 'json');

    INSERT INTO rss_signals_hourly
    SELECT
      market_slug,
      TUMBLE_START(published_at, INTERVAL '1' HOUR) AS window_start,
      COUNT(*) AS mention_count,
      SUM(keyword_score) AS keyword_score,
      AVG(article_score * source_weight) AS source_weighted_signal
    FROM rss_events
    GROUP BY market_slug, TUMBLE(published_at, INTERVAL '1' HOUR);
    """
}
