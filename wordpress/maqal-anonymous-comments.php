<?php
/**
 * Plugin Name: Maqal — comments from the Maqal widget
 * Description: Lets readers post comments through the REST API without an account, as the
 *              site's own comment form already lets them. Everything else stays as the site's
 *              discussion settings say: moderation, required name and email, closed comments,
 *              flood and duplicate checks, comment blocklists.
 * Version:     1.0.0
 * License:     MIT
 *
 * Install: copy this file into wp-content/mu-plugins/ (create the folder if it is missing).
 * Must-use plugins load on their own; there is nothing to activate.
 */

defined( 'ABSPATH' ) || exit;

// WordPress accepts anonymous comments through wp-comments-post.php but, by default, not
// through POST /wp/v2/comments. This is the one switch the widget needs.
add_filter( 'rest_allow_anonymous_comments', '__return_true' );

// The site's discussion settings, with each post the widget reads, so its form asks for what
// this site asks for and threads replies as deeply as the site does. Public settings only.
add_action(
	'rest_api_init',
	function () {
		register_rest_field(
			'post',
			'maqal_discussion',
			array(
				'get_callback' => function () {
					return array(
						'require_name_email' => (bool) get_option( 'require_name_email' ),
						'thread_depth'       => get_option( 'thread_comments' ) ? (int) get_option( 'thread_comments_depth' ) : 1,
						'accounts_only'      => (bool) get_option( 'comment_registration' ),
					);
				},
				'schema'       => array(
					'description' => 'What the comment form asks for and how deeply replies nest.',
					'type'        => 'object',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
			)
		);
	}
);
