/* The history's tokenizer and search across scripts: what folds, what
 * splits, and exact hit counts over a generated corpus in many languages. */
#include <sqlite3.h>
#include <string.h>

#include "glint-store.h"
#include "glint-store-tokenizer.h"

static void
assert_folds (const char *text,
              const char *expected)
{
  g_autofree char *folded = glint_tokenizer_fold (text, -1);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold (void)
{
  assert_folds ("Walrus", "walrus");
  assert_folds ("ÉCOLE", "ecole");
  assert_folds ("Straße", "strasse");
  assert_folds ("Łódź", "lodz");
  assert_folds ("Tiếng", "tieng");
  assert_folds ("Ἀθῆναι", "αθηναι");
  assert_folds ("ΚΑΛΗΜΈΡΑ", "καλημερα");
  assert_folds ("مَرْحَبًا", "مرحبا");
  assert_folds ("ﾃｽﾄ", "テスト");       /* half-width katakana */
  assert_folds ("ｆｕｌｌ", "full");    /* full-width Latin */
  assert_folds ("Ещё", "еще");
  /* Marks that make another letter or carry a vowel stay. */
  assert_folds ("мой", "мой");
  assert_folds ("नमस्ते", "नमस्ते");
  assert_folds ("한국", "한국");
}

typedef struct
{
  GPtrArray *tokens;
  GArray    *starts;
} Collected;

static int
collect (void       *data,
         int         flags,
         const char *token,
         int         n_token,
         int         start,
         int         end)
{
  Collected *c = data;

  g_ptr_array_add (c->tokens, g_strndup (token, n_token));
  g_array_append_val (c->starts, start);
  return SQLITE_OK;
}

/* The tokens of @text, joined by "|", read back through FTS5's own
 * tokenize API so what is checked is what the index sees. */
static char *
tokens_of (sqlite3    *db,
           const char *text)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *handle = NULL;
  void *user_data = NULL;
  Collected c = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (int)) };
  char *joined;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  g_assert_nonnull (api);
  g_assert_cmpint (api->xFindTokenizer (api, "glint", &user_data, &tokenizer), ==, SQLITE_OK);
  g_assert_cmpint (tokenizer.xCreate (user_data, NULL, 0, &handle), ==, SQLITE_OK);
  g_assert_cmpint (tokenizer.xTokenize (handle, &c, FTS5_TOKENIZE_DOCUMENT, text, strlen (text), collect),
                   ==, SQLITE_OK);
  tokenizer.xDelete (handle);
  g_ptr_array_add (c.tokens, NULL);
  joined = g_strjoinv ("|", (char **) c.tokens->pdata);
  g_ptr_array_unref (c.tokens);
  g_array_unref (c.starts);
  return joined;
}

static void
assert_tokens (sqlite3    *db,
               const char *text,
               const char *expected)
{
  g_autofree char *tokens = tokens_of (db, text);

  g_assert_cmpstr (tokens, ==, expected);
}

static void
test_tokens (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (glint_tokenizer_register (db));
  assert_tokens (db, "Don't panic, café-au-lait at 10:30!", "don|t|panic|cafe|au|lait|at|10|30");
  assert_tokens (db, "明日東京に行きます", "明|日|東|京|に|行|き|ま|す");
  assert_tokens (db, "สวัสดีครับ", "ส|วั|ส|ดี|ค|รั|บ");
  assert_tokens (db, "Tokyo東京2024", "tokyo|東|京|2024");
  assert_tokens (db, "서울에 갑니다", "서|울|에|갑|니|다");
  /* Not UTF-8: the bad bytes part words and nothing is lost around them. */
  assert_tokens (db, "ab\xff" "cd \xc3", "ab|cd");
  assert_tokens (db, "", "");
  sqlite3_close (db);
}

/* One language's case: a message holding the word, a decoy that a careless
 * search would also find, and the ways a user may type the word. */
typedef struct
{
  const char *hit;
  const char *decoy;
  const char *queries[4];
} Case;

static const Case cases[] = {
  { "On se voit au café demain ?", "La cafetière est vide", { "café", "cafe", "CAFÉ", NULL } },
  { "Die Straße ist gesperrt", "Die Strassenbahn kommt", { "strasse", "STRASSE", "Straße", NULL } },
  { "Tiếng Việt rất hay", "Tiến lên nào", { "tieng viet", "Tiếng", "TIENG", NULL } },
  { "Καλημέρα σε όλους", "Καλή μέρα σε όλους", { "καλημερα", "ΚΑΛΗΜΈΡΑ", NULL } },
  { "Привет, как дела? Ещё раз", "Приветствую вас", { "привет", "ПРИВЕТ", "еще", NULL } },
  { "明日東京に行きます", "京都と東北に行きます", { "東京", "東京に", NULL } },
  { "我们在北京见面", "在北方的京城见面", { "北京", "北京见面", NULL } },
  { "สวัสดีครับ", "ดีใจมากครับ", { "สวัสดี", NULL } },
  { "مَرْحَبًا بك", "مرحب بك", { "مرحبا", "مَرْحَبًا", NULL } },
  { "नमस्ते दोस्त", "नमस्कार दोस्त", { "नमस्ते", NULL } },
  { "서울에 갑니다", "울서에 갑니다", { "서울", NULL } },
  { "¿Mañana vamos a la playa?", "La mana del juego", { "manana", "MAÑANA", NULL } },
  { "Łódź jest duża", "Lód jest zimny", { "lodz", "ŁÓDŹ", NULL } },
  { "שָׁלוֹם חברים", "שלומית חברים", { "שלום", NULL } },
  { "meet at NEAR(the \"station\") AND bring body:snacks*", "meet at the station, bring snacks",
    { "NEAR(the \"station\") AND body:snacks*", "\"AND\" body:", NULL } },
};

static guint
count_hits (GlintStore *store,
            const char *query)
{
  g_autoptr(GError) error = NULL;
  gint64 before = G_MAXINT64;
  guint total = 0;

  /* Page through, so paging is counted too. */
  for (;;)
    {
      g_autoptr(GPtrArray) hits = glint_store_search (store, NULL, NULL, query, before, 97, &error);

      g_assert_no_error (error);
      if (hits->len == 0)
        return total;
      total += hits->len;
      before = ((GlintSearchHit *) hits->pdata[hits->len - 1])->message->id;
    }
}

static void
test_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (":memory:", &error);
  const guint rounds = 40;
  guint expected[G_N_ELEMENTS (cases)] = { 0 };

  g_assert_no_error (error);
  /* Each round writes every language's hit or decoy (or both), so the
   * counts differ per language and come from the generator alone. */
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        gboolean with_hit = (r + i) % 3 != 0;
        gboolean with_decoy = (r + i) % 2 == 0;

        for (int which = 0; which < 2; which++)
          {
            g_autoptr(GlintMessage) msg = NULL;

            if ((which == 0 && !with_hit) || (which == 1 && !with_decoy))
              continue;
            msg = glint_message_new ();
            msg->account = g_strdup ("alice@example.org");
            msg->peer = g_strdup_printf ("contact%u@example.org", (r * 7 + i) % 11);
            msg->sender = g_strdup (msg->peer);
            msg->direction = GLINT_DIRECTION_IN;
            msg->time_ms = 1000 * (r * 100 + i * 2 + which);
            msg->body = g_strdup (which == 0 ? cases[i].hit : cases[i].decoy);
            msg->state = GLINT_MESSAGE_INCOMING;
            g_assert_true (glint_store_insert_message (store, msg, NULL, &error));
            g_assert_no_error (error);
          }
        expected[i] += with_hit;
      }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The control: the language has hits to find at all. */
      g_assert_cmpuint (expected[i], >, 0);
      for (guint q = 0; cases[i].queries[q]; q++)
        {
          guint found = count_hits (store, cases[i].queries[q]);

          if (found != expected[i])
            g_error ("%s: %u hits for \"%s\", %u expected", cases[i].hit, found, cases[i].queries[q],
                     expected[i]);
        }
    }
  /* A query of nothing but syntax finds nothing, and is no error. */
  g_assert_cmpuint (count_hits (store, "\" * ( ) : ^ -"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tokenizer/fold", test_fold);
  g_test_add_func ("/tokenizer/tokens", test_tokens);
  g_test_add_func ("/search/languages", test_corpus);
  return g_test_run ();
}
