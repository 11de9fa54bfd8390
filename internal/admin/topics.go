package admin

import (
	"net/http"

	"masthead/internal/content"
)

// Topics are created from the editor; here editors rename them.

func (a *Admin) topicList(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.ListTopics(r.Context())
	if err != nil {
		return err
	}
	return a.ok(w, r, "topics", &page{Title: "Topics", Nav: "topics", Data: list, Notice: savedNotice(r)})
}

func (a *Admin) topicForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := a.store.GetTopic(r.Context(), id)
	if err != nil {
		return err
	}
	return a.ok(w, r, "topic_form", &page{Title: "Rename topic: " + t.Name, Nav: "topics", Data: t})
}

func (a *Admin) saveTopic(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	old, err := a.store.GetTopic(r.Context(), id)
	if err != nil {
		return err
	}
	t := content.Topic{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug")}
	p := &page{Title: "Rename topic: " + old.Name, Nav: "topics", Data: t}
	if err := a.content.SaveTopic(r.Context(), actor(sessionFrom(r.Context())), t); err != nil {
		return again("topic_form", p, err)
	}
	return seeOther(w, r, "/admin/topics?done=saved")
}
