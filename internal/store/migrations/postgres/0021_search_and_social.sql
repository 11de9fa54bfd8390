-- An article's optional search and social texts (issue 9): the title
-- search engines show, and the title and description social networks show
-- when the article is shared. Empty means "use the headline, the standfirst".
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_description TEXT NOT NULL DEFAULT '';
