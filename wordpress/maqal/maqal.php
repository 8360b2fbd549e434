<?php
/**
 * Plugin Name:       Maqal
 * Plugin URI:        https://github.com/maqal/maqal
 * Description:       Maqal's comments on your own posts, in place of the theme's comment section: readable and postable without JavaScript, first-class in Arabic and every right-to-left language. Also lets Maqal on partner sites' pages post comments to your posts, and holds Arabic spellings of your moderation words.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Maqal
 * License:           MIT
 * Text Domain:       maqal
 * Domain Path:       /languages
 *
 * The widget's files are inside this plugin (dist/): the site serves them itself, with no CDN and
 * no third-party request.
 */

defined( 'ABSPATH' ) || exit;

define( 'MAQAL_VERSION', '0.1.0' );
define( 'MAQAL_FILE', __FILE__ );
define( 'MAQAL_DIR', plugin_dir_path( __FILE__ ) );

require_once MAQAL_DIR . 'includes/settings.php';
require_once MAQAL_DIR . 'includes/rest.php';
require_once MAQAL_DIR . 'includes/moderation.php';
require_once MAQAL_DIR . 'includes/render.php';

add_action(
	'init',
	function () {
		load_plugin_textdomain( 'maqal', false, dirname( plugin_basename( MAQAL_FILE ) ) . '/languages' );
	}
);

// Activation writes the settings with their defaults (not autoloaded on every page but ours is
// small and read on each post: autoloaded). Deactivation leaves them, as WordPress plugins do, so
// that activating again keeps the owner's choices; uninstall.php removes them.
register_activation_hook(
	__FILE__,
	function () {
		add_option( MAQAL_OPTION, maqal_default_settings() );
	}
);
