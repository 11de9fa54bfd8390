package admin

import (
	"net/http"

	"masthead/internal/content"
)

// Topics are created from the editor; here editors rename, merge and
// delete them.

func (a *Admin) topicList(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.ListTopics(r.Context())
	if err != nil {
		return err
	}
	p := &page{Title: "Topics", Nav: "topics", Data: list, Notice: savedNotice(r)}
	switch r.URL.Query().Get("done") {
	case "merged":
		p.Notice = "Merged: the articles moved, and the old topic's address leads to the one they joined."
	case "deleted":
		p.Notice = "The topic is deleted."
	}
	return a.ok(w, r, "topics", p)
}

// topicView is one topic with its article count, and the topics it can be
// merged into.
type topicView struct {
	Topic  content.Topic
	Others []content.Topic
}

func (a *Admin) topicView(r *http.Request) (*topicView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	list, err := a.store.ListTopics(r.Context())
	if err != nil {
		return nil, err
	}
	v := &topicView{}
	for _, t := range list {
		if t.ID == id {
			v.Topic = t
		} else {
			v.Others = append(v.Others, t)
		}
	}
	if v.Topic.ID == 0 {
		return nil, errNotFound
	}
	return v, nil
}

func (a *Admin) topicForm(w http.ResponseWriter, r *http.Request) error {
	v, err := a.topicView(r)
	if err != nil {
		return err
	}
	return a.ok(w, r, "topic_form", &page{Title: "Topic: " + v.Topic.Name, Nav: "topics", Data: v})
}

func (a *Admin) saveTopic(w http.ResponseWriter, r *http.Request) error {
	v, err := a.topicView(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Topic: " + v.Topic.Name, Nav: "topics", Data: v}
	v.Topic.Name, v.Topic.Slug = r.PostFormValue("name"), r.PostFormValue("slug")
	if err := a.content.SaveTopic(r.Context(), actor(sessionFrom(r.Context())), v.Topic); err != nil {
		return again("topic_form", p, err)
	}
	return seeOther(w, r, "/admin/topics?done=saved")
}

func (a *Admin) mergeTopic(w http.ResponseWriter, r *http.Request) error {
	v, err := a.topicView(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Topic: " + v.Topic.Name, Nav: "topics", Data: v}
	if err := a.content.MergeTopic(r.Context(), actor(sessionFrom(r.Context())), v.Topic.ID, formID(r, "into")); err != nil {
		return again("topic_form", p, err)
	}
	return seeOther(w, r, "/admin/topics?done=merged")
}

func (a *Admin) deleteTopic(w http.ResponseWriter, r *http.Request) error {
	v, err := a.topicView(r)
	if err != nil {
		return err
	}
	if err := a.content.DeleteTopic(r.Context(), actor(sessionFrom(r.Context())), v.Topic.ID); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/topics?done=deleted")
}
