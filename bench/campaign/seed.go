package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

// seeded is what a fresh benchmark database holds.
type seeded struct {
	dir        string
	campaignID int64
	n          int
}

func dbURL(dir string) string { return "sqlite:" + filepath.Join(dir, "masthead.db") }

// seed makes a fresh SQLite database in dir with n confirmed subscribers
// r1..rn@bench.example of one newsletter, one long published article and a
// campaign of it, already moved to "sending" as SendNow does.
func seed(ctx context.Context, dir string, n int) (seeded, error) {
	db, err := store.Open(ctx, dbURL(dir), "")
	if err != nil {
		return seeded{}, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return seeded{}, err
	}
	now := time.Now()
	news := newsletter.NewService(newsletter.Options{Store: db,
		Site: func(context.Context) (string, string) { return publication.Name, publication.BaseURL }})
	q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
	news.UseQueue(q)
	nl, err := news.SaveNewsletter(ctx, newsletter.Newsletter{Name: "The Saturday Guide", SenderName: publication.Name,
		SenderEmail: "guide@news.example.org", Public: true})
	if err != nil {
		return seeded{}, err
	}
	sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		return seeded{}, err
	}
	au, err := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada Reporter"})
	if err != nil {
		return seeded{}, err
	}
	at := now.Add(-2 * time.Hour)
	art, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: "the-councils-year", Headline: "The council's year in twelve decisions",
		Standfirst: "Budgets, buses and a new library: what was decided and what it means.", SectionID: sec, AuthorIDs: []int64{au},
		Status: content.StatusPublished, Body: articleBody(16 << 10), CreatedAt: at, UpdatedAt: at, PublishedAt: at}})
	if err != nil {
		return seeded{}, err
	}
	// What the send command's issues take the publication from.
	if err := db.SaveSettings(ctx, content.Settings{Name: publication.Name, BaseURL: publication.BaseURL, TimeZone: "UTC",
		PostalAddress: publication.PostalAddress}); err != nil {
		return seeded{}, err
	}
	staff, err := db.CreateUser(ctx, auth.User{Email: "editor@news.example.org", Name: "Ed", Role: auth.RoleEditor, PasswordHash: "h"})
	if err != nil {
		return seeded{}, err
	}
	if err := seedReaders(ctx, dir, news, nl, n, now.Add(-time.Hour)); err != nil {
		return seeded{}, err
	}
	svc := campaign.NewService(campaign.Options{Store: db, Newsletters: news})
	svc.Register(q)
	id, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "The council's year in twelve decisions",
		Preheader: "Budgets, buses and a new library", Intro: "Hello readers, this week one long read.", ArticleIDs: []int64{art}, By: staff})
	if err != nil {
		return seeded{}, err
	}
	if err := svc.SendNow(ctx, id); err != nil {
		return seeded{}, err
	}
	return seeded{dir: dir, campaignID: id, n: n}, nil
}

// seedReaders inserts readers and their confirmed subscriptions with
// multi-row INSERTs, 50,000 rows a transaction, straight into SQLite: the
// newsletter service's Import does one reader a transaction, which would
// take minutes for 500,000. The subject hashes are the service's own, so
// suppression and consent lookups work as for imported readers.
func seedReaders(ctx context.Context, dir string, news *newsletter.Service, nl int64, n int, at time.Time) error {
	sqldb, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "masthead.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)")
	if err != nil {
		return err
	}
	defer sqldb.Close()
	sqldb.SetMaxOpenConns(1)
	const rowsPerStmt, rowsPerTx = 500, 50_000
	ts := at.UnixMicro()
	for from := 1; from <= n; from += rowsPerTx {
		to := min(from+rowsPerTx-1, n)
		tx, err := sqldb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for lo := from; lo <= to; lo += rowsPerStmt {
			hi := min(lo+rowsPerStmt-1, to)
			var rq, sq strings.Builder
			rq.WriteString(`INSERT INTO readers (id, uid, email, email_key, subject_hash, created_at, updated_at) VALUES `)
			sq.WriteString(`INSERT INTO subscriptions (reader_id, newsletter_id, status, created_at, confirmed_at, updated_at) VALUES `)
			var ra, sa []any
			for id := lo; id <= hi; id++ {
				if id > lo {
					rq.WriteString(",")
					sq.WriteString(",")
				}
				rq.WriteString("(?,?,?,?,?,?,?)")
				sq.WriteString("(?,?,'confirmed',?,?,?)")
				email := fmt.Sprintf("r%d%s", id, readerDomain)
				hash, err := news.SubjectHash(ctx, newsletter.Address{Email: email, Key: email})
				if err != nil {
					tx.Rollback()
					return err
				}
				ra = append(ra, id, readerUID(int64(id)), email, email, hash, ts, ts)
				sa = append(sa, id, nl, ts, ts, ts)
			}
			if _, err := tx.ExecContext(ctx, rq.String(), ra...); err != nil {
				tx.Rollback()
				return fmt.Errorf("seed readers: %w", err)
			}
			if _, err := tx.ExecContext(ctx, sq.String(), sa...); err != nil {
				tx.Rollback()
				return fmt.Errorf("seed subscriptions: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	// Fresh statistics, as a database that has been running a while has.
	_, err = sqldb.ExecContext(ctx, `ANALYZE`)
	return err
}

// articleBody is a long article of about size bytes of HTML (16 KB makes
// about 30 KB of issue HTML once issuemail inlines its styles): paragraphs,
// links and a few subheadings, like the demo's long reads.
func articleBody(size int) string {
	var b strings.Builder
	paras := []string{
		"The council met eleven times this year and took twelve decisions that will shape the town for a decade. Some were argued over for months; others passed in a minute without a vote against.",
		"Officers said the budget gap had narrowed to £1.2 million after the settlement from central government, but warned that the figure assumed no further rise in the cost of adult social care.",
		"Residents who spoke at the December meeting asked why the bus subsidy had been cut by a third while the car park charges stayed where they were. The cabinet member said the two were not linked.",
		"The new library on Station Road opens in the spring. It will keep the local history room, add a makerspace and stay open until eight on weekdays, two hours later than the old building.",
	}
	for i := 0; b.Len() < size; i++ {
		if i%5 == 0 {
			fmt.Fprintf(&b, "<h2>Decision %d: what changed</h2>\n", i/5+1)
		}
		fmt.Fprintf(&b, "<p>%s See <a href=\"https://news.example.org/articles/decision-%d\">the full record of decision %d</a>.</p>\n", paras[i%len(paras)], i, i)
	}
	return b.String()
}
