<?php
/**
 * What comments_template() requires in place of the theme's comments.php on a post Maqal takes:
 * the theme's own template (or WordPress's fallback, as comments_template() would), wrapped in
 * Maqal's element. Required inside comments_template(), so the theme's template sees what it
 * always does.
 */

defined( 'ABSPATH' ) || exit;

$maqal_theme_template = isset( $GLOBALS['maqal_theme_comments_template'] ) ? $GLOBALS['maqal_theme_comments_template'] : '';
ob_start();
// As comments_template() itself: the (child) theme's file, else the parent theme's, else WordPress's.
if ( $maqal_theme_template && file_exists( $maqal_theme_template ) ) {
	require $maqal_theme_template;
} elseif ( isset( $file ) && file_exists( TEMPLATEPATH . $file ) ) {
	require TEMPLATEPATH . $file;
} else {
	require ABSPATH . WPINC . '/theme-compat/comments.php';
}
echo maqal_wrap( ob_get_clean(), get_post() ); // phpcs:ignore WordPress.Security.EscapeOutput -- the theme's own output, escaped by it.
