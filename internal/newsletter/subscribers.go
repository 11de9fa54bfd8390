package newsletter

// SubscriberFilter narrows the admin's list of subscribers. Zero values
// leave a filter out.
type SubscriberFilter struct {
	Search       string // part of the address; matched against the lower-case identity
	NewsletterID int64  // readers with a subscription to this newsletter
	Status       string // readers with a subscription in this status (to NewsletterID when set)
	SectorID     int64
}

// SubscriberCount is how many readers one newsletter has in each status.
type SubscriberCount struct {
	NewsletterID                     int64
	Pending, Confirmed, Unsubscribed int
}
