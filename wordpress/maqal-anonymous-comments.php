<?php
/**
 * Plugin Name: Maqal — comments from the Maqal widget
 * Description: Lets readers post comments through the REST API without an account, as the
 *              site's own comment form already lets them, and treats those comments as that form
 *              does: anti-spam plugins check them, moderators and post authors are told of them.
 *              Everything else stays as the site's discussion settings say: moderation, required
 *              name and email, closed comments, flood and duplicate checks, comment blocklists.
 * Version:     1.1.0
 * License:     MIT
 *
 * Install: copy this file into wp-content/mu-plugins/ (create the folder if it is missing).
 * Must-use plugins load on their own; there is nothing to activate.
 */

defined( 'ABSPATH' ) || exit;

// WordPress accepts anonymous comments through wp-comments-post.php but, by default, not
// through POST /wp/v2/comments. This is the one switch the widget needs.
add_filter( 'rest_allow_anonymous_comments', '__return_true' );

// The REST API stores a comment with wp_insert_comment(), not wp_new_comment(): without these
// two steps, anti-spam plugins (Akismet and the like, on `preprocess_comment`) never see a
// comment from the widget, and nobody is told of it (WordPress mails moderators and post
// authors from `comment_post`). Held comments would pile up unseen.

// Before WordPress decides whether to approve it (wp_allow_comment() runs after this filter):
// the same pre-processing a comment from the site's own form gets.
add_filter(
	'rest_preprocess_comment',
	function ( $prepared_comment ) {
		if ( ! is_array( $prepared_comment ) ) {
			return $prepared_comment;
		}
		return apply_filters( 'preprocess_comment', $prepared_comment );
	},
	10,
	1
);

// Once it is stored: what follows a comment from the site's own form (the moderator's
// "please moderate" mail, the post author's notice, anything else hooked there), once.
add_action(
	'rest_insert_comment',
	function ( $comment, $request, $creating ) {
		static $told = array();
		if ( ! $creating || ! $comment instanceof WP_Comment || isset( $told[ $comment->comment_ID ] ) ) {
			return;
		}
		$told[ $comment->comment_ID ] = true;
		do_action( 'comment_post', (int) $comment->comment_ID, $comment->comment_approved, $comment->to_array() );
	},
	10,
	3
);

// The site's discussion settings, with each post the widget reads, so its form asks for what
// this site asks for, threads replies as deeply as the site does and closes when WordPress would.
// Public settings only.
add_action(
	'rest_api_init',
	function () {
		register_rest_field(
			'post',
			'maqal_discussion',
			array(
				'get_callback' => function ( $post ) {
					return array(
						'require_name_email' => (bool) get_option( 'require_name_email' ),
						'thread_depth'       => get_option( 'thread_comments' ) ? (int) get_option( 'thread_comments_depth' ) : 1,
						'accounts_only'      => (bool) get_option( 'comment_registration' ),
						// comments_open(), not the post's raw comment_status: also false once the
						// post is older than "close comments on posts older than N days".
						'open'               => comments_open( $post['id'] ),
						// The post's language (BCP 47), where the site says it: a multilingual
						// site can return it from this filter (Polylang's pll_get_post_language(),
						// WPML's wpml_post_language_details). Without it the widget reads the
						// direction from the text itself.
						'lang'               => apply_filters( 'maqal_post_language', null, $post['id'] ),
					);
				},
				'schema'       => array(
					'description' => 'What the comment form asks for, how deeply replies nest, whether comments are open, and the language.',
					'type'        => 'object',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
			)
		);
	}
);
