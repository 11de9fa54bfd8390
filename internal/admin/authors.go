package admin

import (
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/content"
)

type authorFormView struct {
	Action string
	Author content.Author
	Links  string // one per line, as typed
	Photo  *content.Image
}

func (a *Admin) authorList(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.ListAuthors(r.Context())
	if err != nil {
		return err
	}
	return a.ok(w, r, "authors", &page{Title: "Authors", Nav: "authors", Data: list, Notice: savedNotice(r)})
}

func (a *Admin) authorForm(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	v := &authorFormView{Action: "/admin/authors/new"}
	if id != 0 {
		if v.Author, err = a.store.GetAuthor(r.Context(), id); err != nil {
			return err
		}
		v.Action, v.Links = "/admin/authors/"+strconv.FormatInt(id, 10), strings.Join(v.Author.Links, "\n")
		v.Photo = a.image(r, v.Author.PhotoID)
	}
	return a.ok(w, r, "author_form", &page{Title: titleFor("author", id, v.Author.Name), Nav: "authors", Data: v})
}

func (a *Admin) saveAuthor(w http.ResponseWriter, r *http.Request) (err error) {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := a.store.GetAuthor(ctx, id); err != nil {
			return err
		}
	}
	v := &authorFormView{Action: r.URL.Path, Links: r.PostFormValue("links"),
		Author: content.Author{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Bio: r.PostFormValue("bio")}}
	v.Author.Links = strings.Split(strings.ReplaceAll(v.Links, "\r\n", "\n"), "\n")
	v.Author.PhotoID = formID(r, "photo_id")
	v.Photo = a.image(r, v.Author.PhotoID)
	p := &page{Title: titleFor("author", id, v.Author.Name), Nav: "authors", Data: v}
	uploaded, err := a.uploadedImage(r, "photo", sess.User.ID)
	if err != nil {
		return again("author_form", p, err)
	}
	defer func() {
		if a.discardRefusedUpload(r, &err, uploaded, "photo") {
			v.Author.PhotoID = keptImage(r, 0, "photo_id", "remove_photo")
			v.Photo = a.image(r, v.Author.PhotoID)
		}
	}()
	v.Author.PhotoID = keptImage(r, uploaded, "photo_id", "remove_photo")
	v.Photo = a.image(r, v.Author.PhotoID)
	if _, err := a.content.SaveAuthor(ctx, actor(sess), v.Author); err != nil {
		return again("author_form", p, err)
	}
	return seeOther(w, r, "/admin/authors?done=saved")
}
