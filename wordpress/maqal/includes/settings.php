<?php
/**
 * Settings → Maqal: which post types get Maqal, avatars, page size, live updates, and comments
 * from partner sites' pages. One option, `maqal_settings`.
 */

defined( 'ABSPATH' ) || exit;

const MAQAL_OPTION = 'maqal_settings';

/** What a site gets before its owner chooses. */
function maqal_default_settings() {
	return array(
		// Posts, as WordPress's own comments are mostly on posts; pages and custom types by choice.
		'post_types'       => array( 'post' ),
		// Initials drawn by the widget: no request to Gravatar unless the owner chooses it.
		'avatars'          => false,
		'page_size'        => 10,
		// New comments offered to readers while they read (the widget's `live`; off: `live="off"`).
		'live'             => true,
		// Maqal on another site's page (an excerpt on a partner) may post comments to these posts.
		'partner_comments' => true,
	);
}

/** The settings, each checked again (an option edited by hand or by an older version). */
function maqal_settings() {
	$saved = get_option( MAQAL_OPTION, array() );
	return maqal_sanitize_settings( is_array( $saved ) ? $saved : array(), true );
}

/**
 * Keeps what is valid. `$stored`: read back (absent keys take their defaults) rather than sent by
 * the settings form (an unticked box is absent: false).
 */
function maqal_sanitize_settings( $input, $stored = false ) {
	$defaults = maqal_default_settings();
	$input    = is_array( $input ) ? $input : array();
	$pick     = function ( $key ) use ( $input, $defaults, $stored ) {
		return array_key_exists( $key, $input ) ? $input[ $key ] : ( $stored ? $defaults[ $key ] : null );
	};
	$types = $pick( 'post_types' );
	$types = is_array( $types ) ? array_values( array_filter( array_map( 'strval', $types ), 'post_type_exists' ) ) : array();
	$size  = (int) $pick( 'page_size' );
	return array(
		'post_types'       => $types,
		'avatars'          => (bool) $pick( 'avatars' ),
		'page_size'        => $size >= 1 && $size <= 100 ? $size : $defaults['page_size'],
		'live'             => (bool) $pick( 'live' ),
		'partner_comments' => (bool) $pick( 'partner_comments' ),
	);
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'maqal',
			MAQAL_OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => 'maqal_sanitize_settings',
				'default'           => maqal_default_settings(),
			)
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page( __( 'Maqal', 'maqal' ), __( 'Maqal', 'maqal' ), 'manage_options', 'maqal', 'maqal_settings_page' );
	}
);

// A "Settings" link beside Deactivate on the Plugins screen.
add_filter(
	'plugin_action_links_' . plugin_basename( MAQAL_FILE ),
	function ( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=maqal' ) ) . '">' . esc_html__( 'Settings', 'maqal' ) . '</a>' );
		return $links;
	}
);

/** The settings page. */
function maqal_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$settings = maqal_settings();
	$name     = MAQAL_OPTION;
	$types    = array_filter(
		get_post_types( array( 'public' => true ), 'objects' ),
		function ( $type ) {
			return post_type_supports( $type->name, 'comments' );
		}
	);
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Maqal', 'maqal' ); ?></h1>
		<p><?php esc_html_e( 'Maqal shows the comments of the chosen post types in place of the theme’s comment section. Readers without JavaScript get WordPress’s own comments and form; everything in Settings → Discussion still applies.', 'maqal' ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'maqal' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><?php esc_html_e( 'Post types', 'maqal' ); ?></th>
					<td><fieldset><legend class="screen-reader-text"><?php esc_html_e( 'Post types', 'maqal' ); ?></legend>
					<?php foreach ( $types as $type ) : ?>
						<label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[post_types][]" value="<?php echo esc_attr( $type->name ); ?>" <?php checked( in_array( $type->name, $settings['post_types'], true ) ); ?>> <?php echo esc_html( $type->labels->name ); ?></label><br>
					<?php endforeach; ?>
					<p class="description"><?php esc_html_e( 'Single entries of these types get Maqal’s comments.', 'maqal' ); ?></p>
					</fieldset></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Avatars', 'maqal' ); ?></th>
					<td><label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[avatars]" value="1" <?php checked( $settings['avatars'] ); ?>> <?php esc_html_e( 'Show the avatars WordPress gives (loaded from Gravatar)', 'maqal' ); ?></label>
					<p class="description"><?php esc_html_e( 'Otherwise each commenter gets their initial, drawn in the browser: no request to another site.', 'maqal' ); ?></p></td>
				</tr>
				<tr>
					<th scope="row"><label for="maqal-page-size"><?php esc_html_e( 'Comments per page', 'maqal' ); ?></label></th>
					<td><input id="maqal-page-size" type="number" min="1" max="100" class="small-text" name="<?php echo esc_attr( $name ); ?>[page_size]" value="<?php echo esc_attr( (string) $settings['page_size'] ); ?>">
					<p class="description"><?php esc_html_e( 'Top-level comments Maqal shows at a time (1–100); “more” brings the next ones.', 'maqal' ); ?></p></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Live updates', 'maqal' ); ?></th>
					<td><label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[live]" value="1" <?php checked( $settings['live'] ); ?>> <?php esc_html_e( 'Offer readers the comments posted while they read', 'maqal' ); ?></label>
					<p class="description"><?php esc_html_e( 'A button shows how many new comments there are; nothing moves until the reader presses it. Each open page asks WordPress at most once every 15 seconds, less often when the thread is quiet: a page cache in front of the site can answer most of these requests (see Maqal’s documentation).', 'maqal' ); ?></p></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Partner sites', 'maqal' ); ?></th>
					<td><label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[partner_comments]" value="1" <?php checked( $settings['partner_comments'] ); ?>> <?php esc_html_e( 'Let Maqal on other sites’ pages post comments to these posts', 'maqal' ); ?></label>
					<p class="description"><?php esc_html_e( 'Comments from other sites go through the same moderation, anti-spam and notifications as your own form’s.', 'maqal' ); ?></p></td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
