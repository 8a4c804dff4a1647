/* bench-search.c: the first page of a history search, as the history
 * window asks for it, over a large history.
 *
 * Writes N messages (default 1,000,000) across 1,000 contacts, words drawn
 * from a Zipf-like vocabulary with a share of accented, Cyrillic and
 * Japanese text, lets the index catch up, then runs each query of a mix
 * (common and rare words, two words, accents folded, CJK, one contact, a
 * date range) several times through glint_store_search_filtered_async():
 * the time from the call to the callback on the main loop, thread hop
 * included. Prints median and p95 per kind and overall.
 *
 * Usage: bench-search [N_MESSAGES] */
#include <glib/gstdio.h>
#include <math.h>

#include "glint-store.h"
#include "../glint-test-files.h"

#define N_CONTACTS 1000
#define PAGE 50
#define RUNS 7

static const char * const extra[] = {
  "café", "Straße", "naïve", "façade", "привет", "встреча", "東京", "会議", "明日", "résumé",
};

/* Rank r is spelled in base-16 syllables: a vocabulary of distinct words. */
static char *
word (guint rank)
{
  static const char * const syllables[] = { "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po",
                                            "da", "fe", "gu", "ha", "ji", "ko" };
  GString *w = g_string_new (NULL);

  do
    {
      g_string_append (w, syllables[rank % 16]);
      rank /= 16;
    }
  while (rank > 0);
  return g_string_free (w, FALSE);
}

/* A rank from a Zipf-like law over @n words: small ranks are common. */
static guint
zipf (GRand *rand,
      guint  n)
{
  double u = g_rand_double (rand);

  return (guint) (pow (n, u)) - 1;
}

static char *
body (GRand *rand)
{
  GString *text = g_string_new (NULL);
  int words = g_rand_int_range (rand, 6, 16);

  for (int i = 0; i < words; i++)
    {
      if (i)
        g_string_append_c (text, ' ');
      if (g_rand_int_range (rand, 0, 40) == 0)
        g_string_append (text, extra[g_rand_int_range (rand, 0, G_N_ELEMENTS (extra))]);
      else
        {
          g_autofree char *w = word (zipf (rand, 20000));

          g_string_append (text, w);
        }
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  const char *kind;
  const char *query;
  gboolean    one_contact;
  gboolean    one_month;
} Query;

typedef struct
{
  GPtrArray *hits;
  gboolean   done;
} Result;

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Result *r = data;

  r->hits = glint_store_search_finish (GLINT_STORE (source), result, NULL);
  r->done = TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *kind,
               GArray     *ms)
{
  g_array_sort (ms, compare_double);
  g_print ("search_first_page_%s_median_ms %.2f\n", kind, g_array_index (ms, double, ms->len / 2));
  g_print ("search_first_page_%s_p95_ms %.2f\n", kind,
           g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * 0.95))));
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("glint-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *common = word (0);
  g_autofree char *middling = word (40);
  g_autofree char *rare = word (15000);
  g_autofree char *third = word (3);
  g_autofree char *ninth = word (9);
  g_autofree char *pair = g_strdup_printf ("%s %s", third, ninth);
  const gint64 start_ms = 1600000000000;
  const gint64 span_ms = 3LL * 365 * 24 * 3600 * 1000;
  gint64 t0, t1;
  const Query queries[] = {
    { "common_word", common, FALSE, FALSE },
    { "middling_word", middling, FALSE, FALSE },
    { "rare_word", rare, FALSE, FALSE },
    { "two_words", pair, FALSE, FALSE },
    { "accent_folded", "CAFE", FALSE, FALSE },
    { "cjk", "東京", FALSE, FALSE },
    { "one_contact", middling, TRUE, FALSE },
    { "one_month", middling, FALSE, TRUE },
  };

  if (store == NULL)
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i += 1000)
    {
      glint_store_begin (store, NULL);
      for (guint j = i; j < MIN (n, i + 1000); j++)
        {
          g_autoptr(GlintMessage) msg = glint_message_new ();

          msg->account = g_strdup ("alice@example.org");
          msg->peer = g_strdup_printf ("contact%u@example.org", g_rand_int_range (rand, 0, N_CONTACTS));
          msg->sender = g_strdup (msg->peer);
          msg->direction = j % 2;
          msg->time_ms = start_ms + (span_ms / n) * j;
          msg->body = body (rand);
          msg->state = GLINT_MESSAGE_INCOMING;
          glint_store_insert_message (store, msg, NULL, NULL);
        }
      glint_store_commit (store, NULL);
    }
  t1 = g_get_monotonic_time ();
  g_print ("search_corpus_messages %u\nsearch_corpus_contacts %u\n", n, N_CONTACTS);
  g_print ("search_corpus_write_s %.1f\n", (t1 - t0) / 1e6);
  while (!glint_store_wait_indexed (store, 10 * G_USEC_PER_SEC))
    ;
  g_print ("search_corpus_indexed_s %.1f (writing and indexing)\n", (g_get_monotonic_time () - t0) / 1e6);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
      guint found = 0;

      for (int run = 0; run < RUNS; run++)
        {
          GlintSearchFilter filter = { "alice@example.org", NULL, 0, 0 };
          Result r = { NULL, FALSE };
          double elapsed;

          if (queries[q].one_contact)
            filter.peer = "contact7@example.org";
          if (queries[q].one_month)
            {
              filter.from_ms = start_ms + span_ms / 2;
              filter.to_ms = filter.from_ms + 30LL * 24 * 3600 * 1000;
            }
          t0 = g_get_monotonic_time ();
          glint_store_search_filtered_async (store, &filter, queries[q].query, G_MAXINT64, PAGE, NULL,
                                             search_done, &r);
          while (!r.done)
            g_main_context_iteration (NULL, TRUE);
          elapsed = (g_get_monotonic_time () - t0) / 1e3;
          found = r.hits ? r.hits->len : 0;
          g_clear_pointer (&r.hits, g_ptr_array_unref);
          /* The first run opens the reader and warms the cache: reported
           * apart, as the first search after start-up. */
          if (run == 0 && q == 0)
            {
              g_print ("search_first_ever_ms %.2f\n", elapsed);
              continue;
            }
          g_array_append_val (ms, elapsed);
          g_array_append_val (all, elapsed);
        }
      g_print ("search_%s_hits_on_first_page %u\n", queries[q].kind, found);
      print_figures (queries[q].kind, ms);
    }
  print_figures ("all", all);
  glint_store_close (store);
  g_clear_object (&store);
  glint_test_remove_history (path);
  return 0;
}
